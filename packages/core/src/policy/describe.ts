import { describeOutcome } from './outcomes.js';
import type { RunRecord } from './types.js';

/** "exited with code 1 after 120 ms": a run's end, for reasons and log lines. */
export function describeRun(run: RunRecord): string {
  return run.outcome.kind === 'spawn-failed'
    ? describeOutcome(run.outcome)
    : `${describeOutcome(run.outcome)} after ${formatMs(run.runtimeMs)}`;
}

/** 120 -> "120 ms", 1500 -> "1.5 s", 90000 -> "90 s". */
export function formatMs(ms: number): string {
  if (ms === Number.POSITIVE_INFINITY) return 'Infinity';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;
}
