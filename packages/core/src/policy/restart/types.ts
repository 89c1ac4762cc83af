import type { ExponentialBackoff, Backoff } from '../backoff.js';
import type { RestartMode } from '../classify-exit.js';
import type { RestartWindow } from '../restart-window.js';
import type { Policy } from '../types.js';

/** Options of `restartPolicy()`. Every field is optional; defaults are given with each. */
export interface RestartPolicyOptions {
  /** When to restart, with systemd's Restart= meaning. Default `'on-failure'`. */
  readonly restart?: RestartMode;
  /** Exit codes that count as a clean exit. Default `[0]`. */
  readonly successExitCodes?: readonly number[];
  /** Exit codes after which the command is never restarted (e.g. 78, a configuration error). Default `[]`. */
  readonly preventExitCodes?: readonly number[];
  /** Exit codes after which the command is restarted whatever `restart` says (limits still apply). Default `[]`. */
  readonly forceExitCodes?: readonly number[];
  /** A run shorter than this, in ms, counts as a failure whatever its exit (xdaemon's MinExitTime). Default 0. */
  readonly minUptimeMs?: number;
  /** Total restarts allowed over the supervisor's life. Default Infinity. */
  readonly maxRestarts?: number;
  /** Give up when this many runs in a row failed. Default Infinity. */
  readonly maxConsecutiveFailures?: number;
  /**
   * Give up when this many runs in a row could not be spawned for a reason that does not fix itself (one of
   * `PERMANENT_SPAWN_ERRORS`: ENOENT, EACCES, ENOEXEC, ...), whatever `restart` and the other limits say. Transient
   * spawn failures (EAGAIN, EMFILE, ...) are restarted as any failure. 0 and 1 both give up at the first; Infinity
   * retries them as any failure. Default `DEFAULT_MAX_SPAWN_FAILURES` (3).
   */
  readonly maxSpawnFailures?: number;
  /** At most `maxRestarts` restarts within any `periodMs` (OTP intensity/period). Default: no window. */
  readonly window?: RestartWindow;
  /**
   * A fixed delay in ms, or an exponential backoff; missing fields take `DEFAULT_BACKOFF`'s values.
   * Default `DEFAULT_BACKOFF` (100 ms doubling to 30 s, 10 % jitter, reset after 30 s up).
   */
  readonly backoff?: number | Partial<ExponentialBackoff>;
}

export interface ResolvedRestartPolicyOptions {
  readonly restart: RestartMode;
  readonly successExitCodes: readonly number[];
  readonly preventExitCodes: readonly number[];
  readonly forceExitCodes: readonly number[];
  readonly minUptimeMs: number;
  readonly maxRestarts: number;
  readonly maxConsecutiveFailures: number;
  readonly maxSpawnFailures: number;
  readonly window: RestartWindow | undefined;
  readonly backoff: Backoff;
}

export interface RestartPolicyState {
  /** Restarts decided so far. */
  readonly restarts: number;
  /** Failed runs in a row, this one included. */
  readonly consecutiveFailures: number;
  /** Runs in a row that could not be spawned for a permanent reason (PERMANENT_SPAWN_ERRORS), this one included. */
  readonly spawnFailures: number;
  /** Restarts since the backoff last reset; the next delay grows from it. */
  readonly backoffStep: number;
  /** Times of the restarts inside the window, when a window is set. */
  readonly recentRestarts: readonly number[];
}

/** The resolved options are kept on the policy so that tools (explain, lint) can read them. */
export interface RestartPolicy extends Policy<RestartPolicyState> {
  readonly options: ResolvedRestartPolicyOptions;
}
