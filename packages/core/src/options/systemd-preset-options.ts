import { fieldSchemas } from './field-schemas.js';
import { createOptionsParser } from './parse-options.js';
import { presetFields, type ExitStatus } from './preset-fields.js';

/** systemd's Restart= values, spelled as in a unit file. */
export type SystemdRestart = 'no' | 'always' | 'on-success' | 'on-failure' | 'on-abnormal' | 'on-abort' | 'on-watchdog';

export const SYSTEMD_RESTART_VALUES: readonly SystemdRestart[] = Object.freeze([
  'no',
  'always',
  'on-success',
  'on-failure',
  'on-abnormal',
  'on-abort',
  'on-watchdog',
]);

/** The [Service] and [Unit] settings of systemd.service(5) and systemd.unit(5) that decide restarts, camelCased. */
export interface SystemdPresetOptions {
  /** Restart=: when to restart, with systemd's table; `'on-watchdog'` restarts after the Supervisor's `watchdog` timeout. Default `'no'`. */
  readonly restart?: SystemdRestart;
  /** SuccessExitStatus=: exit codes and signal names that count as clean, in addition to 0, SIGHUP, SIGINT, SIGTERM and SIGPIPE. Default `[]`. */
  readonly successExitStatus?: readonly ExitStatus[];
  /** RestartPreventExitStatus=: exit codes and signals after which the service is never restarted. Default `[]`. */
  readonly restartPreventExitStatus?: readonly ExitStatus[];
  /** RestartForceExitStatus=: exit codes and signals after which it is restarted whatever Restart= says. Default `[]`. */
  readonly restartForceExitStatus?: readonly ExitStatus[];
  /** RestartSec=: seconds to wait before a restart. Default 0.1 (100 ms). */
  readonly restartSec?: number;
  /** RestartSteps=: restarts over which the delay grows geometrically from RestartSec= to RestartMaxDelaySec=; 0 disables. Default 0. */
  readonly restartSteps?: number;
  /** RestartMaxDelaySec=: seconds the delay grows to. Default Infinity (unset: no growth). */
  readonly restartMaxDelaySec?: number;
  /** StartLimitBurst=: starts allowed within StartLimitIntervalSec=, the first start included; 0 disables. Default 5. */
  readonly startLimitBurst?: number;
  /** StartLimitIntervalSec=: seconds of the start-limit window; 0 disables. Default 10. */
  readonly startLimitIntervalSec?: number;
}

export type ResolvedSystemdPresetOptions = { readonly [K in keyof SystemdPresetOptions]-?: Exclude<SystemdPresetOptions[K], undefined> };

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
