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
  // Built field by field, optional fields only when present: this runs once per restart.
  const record: { -readonly [K in keyof RunRecord]: RunRecord[K] } = {
    attempt: run.attempt,
    startedAt: run.startedAt,
    endedAt,
    runtimeMs: Math.max(0, endedAt - run.startedAt),
    outcome: Object.isFrozen(ended) ? ended : Object.freeze(ended),
    stopRequested: run.requested,
  };
  if (run.pid !== undefined) record.pid = run.pid;
  if (readyAt !== undefined) record.readyAt = readyAt;
  if (withReadiness) record.uptimeMs = readyAt === undefined ? 0 : Math.max(0, endedAt - readyAt);
  return Object.freeze(record);
}
