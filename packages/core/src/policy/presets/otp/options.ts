import { fieldSchemas } from '../../../options/field-schemas.js';
import { createOptionsParser } from '../../../options/parse-options.js';
import { presetFields } from '../../../options/preset-fields.js';
import { OTP_RESTART_TYPES, type OtpPresetOptions, type ResolvedOtpPresetOptions } from './types.js';

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

/** Checks presets.otp() options and fills in the peer's defaults. Throws `InvalidOptionsError` naming the first bad option. */
export function resolveOtpPresetOptions(input: OtpPresetOptions | undefined): ResolvedOtpPresetOptions {
  const o = parse(input);
  return Object.freeze({ restart: o.restart ?? 'permanent', intensity: o.intensity ?? 1, period: o.period ?? 5 });
}
