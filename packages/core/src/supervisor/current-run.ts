import type { ExitOutcome, RunRecord } from '../policy/types.js';
import type { HealthMonitor, Unhealthy } from './health-monitor.js';
import type { RecentLines } from './line-splitter.js';
import type { ChildHandle, TimerHandle } from './seams.js';

/** The run in progress: everything the supervisor needs to turn its end into a RunRecord. */
export interface CurrentRun {
  readonly attempt: number;
  readonly startedAt: number;
  child: ChildHandle | undefined;
  /** The supervisor asked this run to end (stop() or restart()). */
  stopRequested: boolean;
  killTimer: TimerHandle | undefined;
  /** SIGKILL was already sent to the group. */
  killed: boolean;
  health: HealthMonitor | undefined;
  /** Why the supervisor ended it, when the worker was unhealthy. */
  unhealthy: Unhealthy | undefined;
  /** Piped output kept for the crash context. */
  recent: RecentLines | undefined;
  /** Size of the log file when the run started: its own output begins there. */
  logOffset: number;
}

export function newRun(attempt: number, startedAt: number): CurrentRun {
  return {
    attempt,
    startedAt,
    child: undefined,
    stopRequested: false,
    killTimer: undefined,
    killed: false,
    health: undefined,
    unhealthy: undefined,
    recent: undefined,
    logOffset: 0,
  };
}

/**
 * The frozen record of a finished run. A run ended as unhealthy keeps its process's own exit inside the outcome;
 * with readiness on, `uptimeMs` counts from ready (0 if it never was).
 */
export function toRunRecord(
  current: CurrentRun,
  outcome: ExitOutcome,
  endedAt: number,
  stopRequested: boolean,
  withReadiness: boolean,
): RunRecord {
  const { unhealthy, health } = current;
  const ended =
    unhealthy && (outcome.kind === 'exited' || outcome.kind === 'signaled') ? { ...unhealthy, exit: outcome } : outcome;
  const readyAt = health?.readyAt;
  return Object.freeze({
    attempt: current.attempt,
    ...(current.child?.pid !== undefined ? { pid: current.child.pid } : {}),
    startedAt: current.startedAt,
    endedAt,
    runtimeMs: Math.max(0, endedAt - current.startedAt),
    outcome: Object.freeze(ended),
    stopRequested,
    ...(readyAt !== undefined ? { readyAt } : {}),
    ...(withReadiness ? { uptimeMs: readyAt === undefined ? 0 : Math.max(0, endedAt - readyAt) } : {}),
  });
}
