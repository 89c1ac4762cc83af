import { fieldSchemas } from '../../../options/field-schemas.js';
import { createOptionsParser } from '../../../options/parse-options.js';
import type { ResolvedSupervisordPresetOptions, SupervisordPresetOptions } from './types.js';

const parse = createOptionsParser(
  'presets.supervisord()',
  (z) => {
    const f = fieldSchemas(z);
    return z.strictObject({
      autorestart: z.optional(z
        .custom<boolean | 'unexpected'>((v) => typeof v === 'boolean' || v === 'unexpected', { error: "true, false or 'unexpected'" })),
      exitcodes: z.optional(f.exitCodes()),
      startsecs: z.optional(f.seconds()),
      startretries: z.optional(f.count()),
    });
  },
  { autoRestart: 'autorestart', exitCodes: 'exitcodes', startSecs: 'startsecs', startRetries: 'startretries' },
);

/** Checks presets.supervisord() options and fills in the peer's defaults. Throws `InvalidOptionsError` naming the first bad option. */
export function resolveSupervisordPresetOptions(input: SupervisordPresetOptions | undefined): ResolvedSupervisordPresetOptions {
  const o = parse(input);
  return Object.freeze({
    autorestart: o.autorestart ?? 'unexpected',
    exitcodes: Object.freeze([...(o.exitcodes ?? [0])]),
    startsecs: o.startsecs ?? 1,
    startretries: o.startretries ?? 3,
  });
}
