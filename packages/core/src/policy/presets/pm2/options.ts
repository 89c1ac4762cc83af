import { fieldSchemas } from '../../../options/field-schemas.js';
import { createOptionsParser } from '../../../options/parse-options.js';
import { presetFields } from '../../../options/preset-fields.js';
import type { Pm2PresetOptions, ResolvedPm2PresetOptions } from './types.js';

const parse = createOptionsParser(
  'presets.pm2()',
  (z) => {
    const f = fieldSchemas(z);
    const p = presetFields(z);
    return z.strictObject({
      autorestart: z.optional(p.boolean()),
      maxRestarts: z.optional(f.limit()),
      minUptime: z.optional(f.durationMs()),
      restartDelay: z.optional(f.durationMs()),
      expBackoffRestartDelay: z.optional(f.positiveDurationMs()),
      stopExitCodes: z.optional(f.exitCodes()),
    });
  },
  {
    max_restarts: 'maxRestarts',
    min_uptime: 'minUptime',
    restart_delay: 'restartDelay',
    exp_backoff_restart_delay: 'expBackoffRestartDelay',
    stop_exit_codes: 'stopExitCodes',
    autoRestart: 'autorestart',
  },
);

/** Checks presets.pm2() options and fills in the peer's defaults. Throws `InvalidOptionsError` naming the first bad option. */
export function resolvePm2PresetOptions(input: Pm2PresetOptions | undefined): ResolvedPm2PresetOptions {
  const o = parse(input);
  return Object.freeze({
    autorestart: o.autorestart ?? true,
    maxRestarts: o.maxRestarts ?? 16,
    minUptime: o.minUptime ?? 1000,
    restartDelay: o.restartDelay ?? 0,
    expBackoffRestartDelay: o.expBackoffRestartDelay,
    stopExitCodes: Object.freeze([...(o.stopExitCodes ?? [])]),
  });
}
