import type { PresetPolicy } from '../define-preset.js';

/** The [program:x] settings of supervisord's configuration that decide restarts. */
export interface SupervisordPresetOptions {
  /** Restart a process that exited from RUNNING: `true`, `false`, or `'unexpected'` (an exit code not in `exitcodes`). Default `'unexpected'`. */
  readonly autorestart?: boolean | 'unexpected';
  /** The expected exit codes, for `autorestart: 'unexpected'`. Default `[0]` (supervisor 4; 3.x used `[0, 2]`). */
  readonly exitcodes?: readonly number[];
  /** Seconds a run must last to leave STARTING for RUNNING; a shorter run is a failed start. Default 1. */
  readonly startsecs?: number;
  /** Failed starts in a row that are retried (after 1 s, 2 s, 3 s...) before the process is FATAL. Default 3. */
  readonly startretries?: number;
}

export interface ResolvedSupervisordPresetOptions {
  readonly autorestart: boolean | 'unexpected';
  readonly exitcodes: readonly number[];
  readonly startsecs: number;
  readonly startretries: number;
}
export interface SupervisordState {
  /** supervisord's `backoff`: failed starts in a row; reaching RUNNING resets it. */
  readonly backoff: number;
}

export type SupervisordPolicy = PresetPolicy<SupervisordState, ResolvedSupervisordPresetOptions>;
