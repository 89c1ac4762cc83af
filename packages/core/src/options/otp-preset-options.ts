import { fieldSchemas } from './field-schemas.js';
import { createOptionsParser } from './parse-options.js';
import { presetFields } from './preset-fields.js';

/** An OTP child's restart type. */
export type OtpRestart = 'permanent' | 'transient' | 'temporary';

export const OTP_RESTART_TYPES: readonly OtpRestart[] = Object.freeze(['permanent', 'transient', 'temporary']);

/** A child spec's `restart` and the supervisor flags `intensity` and `period` of Erlang/OTP's supervisor. */
export interface OtpPresetOptions {
  /** `permanent`: always restarted; `transient`: only after an abnormal exit; `temporary`: never. Default `'permanent'`. */
  readonly restart?: OtpRestart;
  /** Restarts allowed within `period`; one more shuts the supervisor down. Default 1. */
  readonly intensity?: number;
  /** The window of `intensity`, in seconds. Default 5. */
  readonly period?: number;
}

export type ResolvedOtpPresetOptions = Required<OtpPresetOptions>;

const parse = createOptionsParser(
  'presets.otp()',
  (z) => {
    const f = fieldSchemas(z);
    const p = presetFields(z);
    return z.strictObject({
      restart: z.optional(f.oneOf(OTP_RESTART_TYPES)),
      intensity: z.optional(f.count()),
      period: z.optional(p.positiveSeconds()),
    });
  },
  { MaxR: 'intensity', MaxT: 'period', maxR: 'intensity', maxT: 'period' },
);

export function resolveOtpPresetOptions(input: OtpPresetOptions | undefined): ResolvedOtpPresetOptions {
  const o = parse(input);
  return Object.freeze({ restart: o.restart ?? 'permanent', intensity: o.intensity ?? 1, period: o.period ?? 5 });
}
