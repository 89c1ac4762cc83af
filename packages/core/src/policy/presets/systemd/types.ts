import type { PresetPolicy } from '../define-preset.js';
import type { ExitStatus } from '../exit-status.js';

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
export interface SystemdState {
  /** systemd's n_restarts: the delay grows with it, and nothing but a new supervisor resets it. */
  readonly restarts: number;
  /** Start times inside StartLimitIntervalSec=, the first start included. */
  readonly starts: readonly number[];
}

export type SystemdPolicy = PresetPolicy<SystemdState, ResolvedSystemdPresetOptions>;
