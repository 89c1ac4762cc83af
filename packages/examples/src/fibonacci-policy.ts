import type { Policy, RunRecord } from '@daemonkit/core';

export interface FibonacciPolicyOptions {
  /** Delay unit in ms: restarts wait 1, 1, 2, 3, 5, 8 ... units. */
  readonly unitMs: number;
  /** Give up after this many failures in a row. */
  readonly maxFailures: number;
  /** A run that stayed up this long starts the sequence again. */
  readonly healthyAfterMs: number;
}

interface State {
  readonly previous: number;
  readonly current: number;
  readonly failures: number;
}

/**
 * A custom policy: restarts every exit except code 0, waiting along the Fibonacci sequence, and gives up after
 * `maxFailures` failures in a row. Pure: the supervisor owns the state and hands it back on every exit.
 */
export function fibonacciPolicy(options: FibonacciPolicyOptions): Policy<State> {
  const initial: State = { previous: 0, current: 1, failures: 0 };
  return {
    name: 'fibonacci',
    initialState: () => initial,
    decide(state, run: RunRecord) {
      if (run.stopRequested) return { state, decision: { action: 'stop', failure: false, giveup: false, reason: 'stop requested' } };
      if (run.outcome.kind === 'exited' && run.outcome.code === 0) {
        return { state, decision: { action: 'stop', failure: false, giveup: false, reason: 'finished' } };
      }
      const base = run.runtimeMs >= options.healthyAfterMs ? initial : state;
      const failures = base.failures + 1;
      if (failures >= options.maxFailures) {
        return { state: { ...base, failures }, decision: { action: 'stop', failure: true, giveup: true, reason: `${failures} failures in a row` } };
      }
      return {
        state: { previous: base.current, current: base.previous + base.current, failures },
        decision: { action: 'restart', delayMs: base.current * options.unitMs, failure: true, reason: `failure ${failures}` },
      };
    },
  };
}
