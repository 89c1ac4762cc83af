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
  'exit',
  'crash',
  'backoff',
  'giveup',
  'stop',
]);
