import { fieldSchemas } from '../../../options/field-schemas.js';
import { createOptionsParser } from '../../../options/parse-options.js';
import type { ForeverPresetOptions, ResolvedForeverPresetOptions } from './types.js';

const parse = createOptionsParser(
  'presets.forever()',
  (z) => {
    const f = fieldSchemas(z);
    return z.strictObject({
      max: z.optional(f.limit()),
      minUptime: z.optional(f.durationMs()),
      spinSleepTime: z.optional(f.durationMs()),
    });
  },
  { maxRestarts: 'max', minUptimeMs: 'minUptime', spinSleepTimeMs: 'spinSleepTime' },
);

/** Checks presets.forever() options and fills in the peer's defaults. Throws `InvalidOptionsError` naming the first bad option. */
export function resolveForeverPresetOptions(input: ForeverPresetOptions | undefined): ResolvedForeverPresetOptions {
  const o = parse(input);
  return Object.freeze({
    max: o.max ?? Number.POSITIVE_INFINITY,
    minUptime: o.minUptime ?? 0,
    // forever-monitor keeps `options.spinSleepTime || null`: 0 means unset there.
    spinSleepTime: o.spinSleepTime ? o.spinSleepTime : undefined,
  });
}
