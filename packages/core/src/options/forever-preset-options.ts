import { fieldSchemas } from './field-schemas.js';
import { createOptionsParser } from './parse-options.js';

/** forever-monitor's restart options, with its names and units (milliseconds). */
export interface ForeverPresetOptions {
  /** The most times the script runs, the first run included. Default Infinity (forever-monitor: unset). */
  readonly max?: number;
  /** Milliseconds a run must last not to be "spinning". Default 0 (the forever CLI defaults it to 1000). */
  readonly minUptime?: number;
  /** Milliseconds to wait before restarting a spinning script; unset, a spinning script is not restarted. Default: unset. */
  readonly spinSleepTime?: number;
}

export interface ResolvedForeverPresetOptions {
  readonly max: number;
  readonly minUptime: number;
  readonly spinSleepTime: number | undefined;
}

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

export function resolveForeverPresetOptions(input: ForeverPresetOptions | undefined): ResolvedForeverPresetOptions {
  const o = parse(input);
  return Object.freeze({
    max: o.max ?? Number.POSITIVE_INFINITY,
    minUptime: o.minUptime ?? 0,
    // forever-monitor keeps `options.spinSleepTime || null`: 0 means unset there.
    spinSleepTime: o.spinSleepTime ? o.spinSleepTime : undefined,
  });
}
