import type { Readable } from 'node:stream';
import type { LogErrorEvent } from '../logs/types.js';
import type { RunRecord } from '../policy/types.js';

export type { LogErrorEvent } from '../logs/types.js';

/** A child was started. */
export interface SpawnEvent {
  readonly pid: number;
  readonly attempt: number;
  readonly startedAt: number;
  /** The child's output streams when `stdio` is `'pipe'` (read them, or the child blocks once a pipe fills). */
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
}

/** A run ended (every run, including spawn failures and requested stops). */
export interface ExitEvent {
  readonly run: RunRecord;
  /**
   * Pids of the run's process group still present when the supervisor stopped waiting for them: they outlived
   * SIGKILL by `REAP_TIMEOUT_MS` (a process in uninterruptible sleep). Absent when the group is gone, as it should be.
   */
  readonly survivors?: readonly number[];
}

/** A run ended in a way the policy counts as a failure. */
export interface CrashEvent {
  readonly run: RunRecord;
  /** Failed runs in a row, this one included. */
  readonly consecutiveFailures: number;
  /**
   * The run's last output lines (`crashContextLines`), a final partial line included: from the log's in-memory tail
   * (piped output, rotation or timestamps) or read back through the run's own descriptor (a log the child writes
   * itself), so a rotation does not empty it, and the daemon guard's lifecycle lines are not among them. [] with
   * neither a log file nor `stdio: 'pipe'`.
   */
  readonly lines: readonly string[];
}

/** The worker called notifyReady(). */
export interface ReadyEvent {
  readonly pid: number;
  readonly attempt: number;
  /** Milliseconds from spawn to ready. */
  readonly afterMs: number;
}

/** The worker called heartbeat(). */
export interface HeartbeatEvent {
  readonly pid: number;
  readonly attempt: number;
  readonly memory: { readonly rss: number; readonly heapUsed: number };
}

/** One line the child wrote, with `stdio: 'pipe'` (a partial last line is delivered when the stream ends). */
export interface OutputEvent {
  readonly pid: number;
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
}

/** A restart is scheduled after `delayMs` (0 for an immediate restart). */
export interface BackoffEvent {
  readonly delayMs: number;
  /** The attempt number of the run that will start. */
  readonly attempt: number;
  readonly reason: string;
}

/** A limit stopped the supervisor. */
export interface GiveupEvent {
  readonly reason: string;
  readonly run: RunRecord;
  /** Restarts performed before giving up. */
  readonly restarts: number;
  /** What the policy threw, when the supervisor gave up because its policy threw. */
  readonly error?: unknown;
}

/**
 * With `restartControl: 'parent'`: the policy decided to restart, and the supervisor waits in state `held` for its
 * parent to call `resume()`, `restart()`, `halt()` or `stop()`.
 */
export interface HeldEvent {
  /** The delay the policy decided; `resume()` waits this long unless given another. */
  readonly delayMs: number;
  /** The attempt number of the run that will start. */
  readonly attempt: number;
  readonly reason: string;
  readonly run: RunRecord;
}

/**
 * A listener threw. The other listeners of that event still ran and the supervisor carried on; without an `error`
 * listener the error is re-thrown on the next tick (an uncaught exception, as a throw in any callback would be).
 */
export interface ErrorEvent {
  readonly error: unknown;
  /** The event whose listener threw. */
  readonly event: SupervisorEventName;
}

export type StopReason = 'requested' | 'giveup' | 'completed';

/** The supervisor reached its end. Always the last event, emitted once. */
export interface StopEvent {
  readonly reason: StopReason;
  readonly lastRun?: RunRecord;
  /** As in `ExitEvent`: processes that outlived SIGKILL; `stop()` then rejects with an error naming them. */
  readonly survivors?: readonly number[];
}

/** The event map of `Supervisor`: each event has one frozen payload object. */
export interface SupervisorEvents {
  spawn: (event: SpawnEvent) => void;
  ready: (event: ReadyEvent) => void;
  heartbeat: (event: HeartbeatEvent) => void;
  output: (event: OutputEvent) => void;
  exit: (event: ExitEvent) => void;
  crash: (event: CrashEvent) => void;
  backoff: (event: BackoffEvent) => void;
  giveup: (event: GiveupEvent) => void;
  held: (event: HeldEvent) => void;
  /** Writing to the log failed (output dropped and counted), or, with `resumed`, works again. */
  'log-error': (event: LogErrorEvent) => void;
  stop: (event: StopEvent) => void;
  error: (event: ErrorEvent) => void;
}

export type SupervisorEventName = keyof SupervisorEvents;

/** The lifecycle events: every event but `error`. */
export type LifecycleEventName = Exclude<SupervisorEventName, 'error'>;

/** One lifecycle event as a value: a discriminated union on `type`. */
export type SupervisorEvent = {
  [K in LifecycleEventName]: { readonly type: K; readonly payload: Parameters<SupervisorEvents[K]>[0] };
}[LifecycleEventName];

/** Yielded by `events()` in place of events it had to drop because the reader fell `maxBuffered` events behind. */
export interface EventsDropped {
  readonly type: 'dropped';
  readonly payload: { readonly count: number };
}

export const LIFECYCLE_EVENT_NAMES: readonly LifecycleEventName[] = Object.freeze([
  'spawn',
  'ready',
  'heartbeat',
  'output',
  'exit',
  'crash',
  'backoff',
  'giveup',
  'held',
  'log-error',
  'stop',
]);
