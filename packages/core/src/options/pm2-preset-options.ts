import { fieldSchemas } from './field-schemas.js';
import { createOptionsParser } from './parse-options.js';
import { presetFields } from './preset-fields.js';

/** pm2's ecosystem-file restart attributes, camelCased (`max_restarts` -> `maxRestarts`). Durations in ms, as in pm2. */
export interface Pm2PresetOptions {
  /** Restart the app when it exits, crashed or not. Default `true`. */
  readonly autorestart?: boolean;
  /** Unstable restarts in a row (runs shorter than `minUptime`) after which the app is errored. Default 16. */
  readonly maxRestarts?: number;
  /** Milliseconds a run must last to count as started (stable). Default 1000. */
  readonly minUptime?: number;
  /** Fixed milliseconds to wait before a restart. Default 0. */
  readonly restartDelay?: number;
  /** First delay of pm2's exponential backoff (x1.5 per restart, capped at 15 s, reset after 30 s up); overrides `restartDelay`. Default: off. */
  readonly expBackoffRestartDelay?: number;
  /** Exit codes after which the app is not restarted. Default `[]`. */
  readonly stopExitCodes?: readonly number[];
}

export interface ResolvedPm2PresetOptions {
  readonly autorestart: boolean;
  readonly maxRestarts: number;
  readonly minUptime: number;
  readonly restartDelay: number;
  readonly expBackoffRestartDelay: number | undefined;
  readonly stopExitCodes: readonly number[];
}

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
