import { fieldSchemas } from '../../../options/field-schemas.js';
import { createOptionsParser } from '../../../options/parse-options.js';
import { presetFields } from '../../../options/preset-fields.js';
import { SYSTEMD_RESTART_VALUES, type ResolvedSystemdPresetOptions, type SystemdPresetOptions } from './types.js';

const parse = createOptionsParser(
  'presets.systemd()',
  (z) => {
    const f = fieldSchemas(z);
    const p = presetFields(z);
    return z.strictObject({
      restart: z.optional(f.oneOf(SYSTEMD_RESTART_VALUES)),
      successExitStatus: z.optional(p.exitStatuses()),
      restartPreventExitStatus: z.optional(p.exitStatuses()),
      restartForceExitStatus: z.optional(p.exitStatuses()),
      restartSec: z.optional(f.seconds()),
      restartSteps: z.optional(f.count()),
      restartMaxDelaySec: z.optional(p.secondsOrInfinity()),
      startLimitBurst: z.optional(f.count()),
      startLimitIntervalSec: z.optional(f.seconds()),
    });
  },
  {
    Restart: 'restart',
    SuccessExitStatus: 'successExitStatus',
    RestartPreventExitStatus: 'restartPreventExitStatus',
    RestartForceExitStatus: 'restartForceExitStatus',
    RestartSec: 'restartSec',
    RestartSteps: 'restartSteps',
    RestartMaxDelaySec: 'restartMaxDelaySec',
    StartLimitBurst: 'startLimitBurst',
    StartLimitIntervalSec: 'startLimitIntervalSec',
    StartLimitInterval: 'startLimitIntervalSec',
    startLimitInterval: 'startLimitIntervalSec',
  },
);

/** Checks presets.systemd() options and fills in the peer's defaults. Throws `InvalidOptionsError` naming the first bad option. */
export function resolveSystemdPresetOptions(input: SystemdPresetOptions | undefined): ResolvedSystemdPresetOptions {
  const o = parse(input);
  return Object.freeze({
    restart: o.restart ?? 'no',
    successExitStatus: Object.freeze([...(o.successExitStatus ?? [])]),
    restartPreventExitStatus: Object.freeze([...(o.restartPreventExitStatus ?? [])]),
    restartForceExitStatus: Object.freeze([...(o.restartForceExitStatus ?? [])]),
    restartSec: o.restartSec ?? 0.1,
    restartSteps: o.restartSteps ?? 0,
    restartMaxDelaySec: o.restartMaxDelaySec ?? Number.POSITIVE_INFINITY,
    startLimitBurst: o.startLimitBurst ?? 5,
    startLimitIntervalSec: o.startLimitIntervalSec ?? 10,
  });
}
