import { describeOutcome } from './outcomes.js';
import type { RunRecord } from './types.js';

/** "exited with code 1 after 120 ms": a run's end, for reasons and log lines. */
export function describeRun(run: RunRecord): string {
  return run.outcome.kind === 'spawn-failed'
    ? describeOutcome(run.outcome)
    : `${describeOutcome(run.outcome)} after ${formatMs(run.runtimeMs)}`;
}

/** 120 -> "120 ms", 4999 -> "4999 ms", 15000 -> "15 s", 90500 -> "90.5 s": never rounds across a threshold under 10 s. */
export function formatMs(ms: number): string {
  if (ms === Number.POSITIVE_INFINITY) return 'Infinity';
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** "1 failure", "3 failures". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
