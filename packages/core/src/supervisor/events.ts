import type { Readable } from 'node:stream';
import type { RunRecord } from '../policy/types.js';

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
}

/** A run ended in a way the policy counts as a failure. */
export interface CrashEvent {
  readonly run: RunRecord;
  /** Failed runs in a row, this one included. */
  readonly consecutiveFailures: number;
  /** The run's last output lines (`crashContextLines`), from the log file or piped output; [] with neither. */
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
}

export type StopReason = 'requested' | 'giveup' | 'completed';

/** The supervisor reached its end. Always the last event, emitted once. */
export interface StopEvent {
  readonly reason: StopReason;
  readonly lastRun?: RunRecord;
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
  stop: (event: StopEvent) => void;
}

export type SupervisorEventName = keyof SupervisorEvents;

/** One event as yielded by `supervisor.events()`: a discriminated union on `type`. */
export type SupervisorEvent = {
  [K in SupervisorEventName]: { readonly type: K; readonly payload: Parameters<SupervisorEvents[K]>[0] };
}[SupervisorEventName];

export const SUPERVISOR_EVENT_NAMES: readonly SupervisorEventName[] = Object.freeze([
  'spawn',
  'ready',
  'heartbeat',
  'output',
  'exit',
  'crash',
  'backoff',
  'giveup',
  'stop',
]);
