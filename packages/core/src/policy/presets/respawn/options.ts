import { createOptionsParser } from '../../../options/parse-options.js';
import { presetFields } from '../../../options/preset-fields.js';
import type { ResolvedRespawnPresetOptions, RespawnPresetOptions } from './types.js';

const parse = createOptionsParser(
  'presets.respawn()',
  (z) => {
    const p = presetFields(z);
    return z.strictObject({ maxRestarts: z.optional(p.restartCount()), sleep: z.optional(p.sleep()) });
  },
  { max: 'maxRestarts', sleepMs: 'sleep', delay: 'sleep' },
);

/** Checks presets.respawn() options and fills in the peer's defaults. Throws `InvalidOptionsError` naming the first bad option. */
export function resolveRespawnPresetOptions(input: RespawnPresetOptions | undefined): ResolvedRespawnPresetOptions {
  const o = parse(input);
  const sleep = o.sleep ?? 1000;
  return Object.freeze({
    maxRestarts: o.maxRestarts === undefined || o.maxRestarts === -1 ? Number.POSITIVE_INFINITY : o.maxRestarts,
    sleep: Array.isArray(sleep) ? Object.freeze([...sleep]) : sleep,
  });
}
