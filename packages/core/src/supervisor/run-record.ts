import type { ExitOutcome, RunRecord } from '../policy/types.js';
import type { Run } from './machine.js';

/**
 * The frozen record of a finished run. A run ended as unhealthy keeps its process's own exit inside the outcome;
 * with readiness on, `uptimeMs` counts from ready (0 if it never was).
 */
export function toRunRecord(run: Run, outcome: ExitOutcome, endedAt: number, withReadiness: boolean): RunRecord {
  const { unhealthy, readyAt } = run;
  const ended =
    unhealthy && (outcome.kind === 'exited' || outcome.kind === 'signaled') ? { ...unhealthy, exit: outcome } : outcome;
  return Object.freeze({
    attempt: run.attempt,
    ...(run.pid !== undefined ? { pid: run.pid } : {}),
    startedAt: run.startedAt,
    endedAt,
    runtimeMs: Math.max(0, endedAt - run.startedAt),
    outcome: Object.freeze(ended),
    stopRequested: run.requested,
    ...(readyAt !== undefined ? { readyAt } : {}),
    ...(withReadiness ? { uptimeMs: readyAt === undefined ? 0 : Math.max(0, endedAt - readyAt) } : {}),
  });
}
