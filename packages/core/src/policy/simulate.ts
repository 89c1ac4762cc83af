import type { Decision, ExitOutcome, Policy, RunRecord } from './types.js';

/** One run to feed through a policy: how it ended and how long it ran. */
export interface SimulatedRun {
  readonly outcome: ExitOutcome;
  readonly runtimeMs: number;
  readonly stopRequested?: boolean;
  /** Time up since ready, as a supervisor with readiness on reports it. Default: none (uptime is the runtime). */
  readonly uptimeMs?: number;
}

export interface SimulateOptions {
  /** Random source for jitter. Default `() => 0`: no jitter taken off, so delays are the documented maxima. */
  readonly random?: () => number;
  /** Start time of the first run, in ms since the epoch. Default 0. */
  readonly startAt?: number;
}

export interface SimulatedStep {
  /** The record the policy saw: attempt numbers and times filled in as a supervisor would. */
  readonly run: RunRecord;
  readonly decision: Decision;
}

/**
 * Feeds runs through a policy as a supervisor would, with no process and no timer: each run starts when the previous
 * restart delay has passed. Returns one step per run, ending early at the first stop.
 *
 * @example
 * const steps = simulate(xdaemonPolicy({ maxError: 1 }), [
 *   { outcome: exited(1), runtimeMs: 50 },
 *   { outcome: exited(1), runtimeMs: 50 },
 * ]);
 * steps.map((s) => s.decision.action); // ['restart', 'stop']
 */
export function simulate<S>(
  policy: Policy<S>,
  runs: Iterable<SimulatedRun>,
  options: SimulateOptions = {},
): SimulatedStep[] {
  const context = { random: options.random ?? (() => 0) };
  const steps: SimulatedStep[] = [];
  let state = policy.initialState();
  let startedAt = options.startAt ?? 0;
  let attempt = 0;
  for (const input of runs) {
    attempt += 1;
    const run: RunRecord = {
      attempt,
      startedAt,
      endedAt: startedAt + input.runtimeMs,
      runtimeMs: input.runtimeMs,
      outcome: input.outcome,
      stopRequested: input.stopRequested ?? false,
      ...(input.uptimeMs === undefined ? {} : { uptimeMs: input.uptimeMs }),
    };
    const step = policy.decide(state, run, context);
    state = step.state;
    steps.push({ run, decision: step.decision });
    if (step.decision.action === 'stop') break;
    startedAt = run.endedAt + step.decision.delayMs;
  }
  return steps;
}
