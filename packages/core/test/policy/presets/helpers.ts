import type { ExitOutcome, SimulatedRun, SimulatedStep } from '@daemonkit/core';

/** One run for simulate(): how it ended and how long it lasted (60 s unless said). */
export const run = (outcome: ExitOutcome, runtimeMs = 60_000): SimulatedRun => ({ outcome, runtimeMs });

/** `n` copies of a run. */
export const times = (n: number, r: SimulatedRun): SimulatedRun[] => Array.from({ length: n }, () => r);

/** A whole simulation at a glance: each restart's delay in ms, then 'stop' or 'giveup'. */
export function timeline(steps: readonly SimulatedStep[]): (number | 'stop' | 'giveup')[] {
  return steps.map(({ decision: d }) => (d.action === 'restart' ? d.delayMs : d.giveup ? 'giveup' : 'stop'));
}

/** The last decision of a simulation. */
export function lastDecision(steps: readonly SimulatedStep[]): SimulatedStep['decision'] {
  const step = steps.at(-1);
  if (!step) throw new Error('no steps');
  return step.decision;
}

/** Runs `thunk`, which must throw synchronously, and returns what it threw. */
export function thrown(thunk: () => unknown): unknown {
  try {
    thunk();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, got none');
}

/** A peer's table, one row per exit cause with a restart flag per setting, as one case per cell. */
export function cells<T>(table: ReadonlyArray<readonly [string, ExitOutcome, readonly boolean[]]>, settings: readonly T[]) {
  return table.flatMap(([cause, outcome, restarts]) =>
    settings.map((setting, i) => ({ cause, outcome, setting, restarts: restarts[i] === true })),
  );
}
