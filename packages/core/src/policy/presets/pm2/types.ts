import type { PresetPolicy } from '../define-preset.js';

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
  /**
   * First delay of pm2's exponential backoff; each next delay is floor(min(15000, previous x 1.5)), and a run of more
   * than 30 s starts it over. Overrides `restartDelay`. Default: off.
   */
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
export interface Pm2State {
  /** pm2's unstable_restarts: runs shorter than min_uptime in a row. */
  readonly unstableRestarts: number;
  /**
   * pm2's prev_restart_delay: the last delay of the exponential backoff, from which the next one grows; 0 before the
   * first and after a run of more than 30 s. Always 0 without `expBackoffRestartDelay`.
   */
  readonly prevRestartDelay: number;
}

export type Pm2Policy = PresetPolicy<Pm2State, ResolvedPm2PresetOptions>;
