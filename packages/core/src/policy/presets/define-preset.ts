import { classifyExit } from '../classify-exit.js';
import { withLint, type Linter } from '../lint/attach.js';
import type { Policy, PolicyContext, PolicyStep, RunRecord } from '../types.js';

/** A peer preset: a policy that keeps its resolved options (in the peer's names) for tools, and explains itself. */
export interface PresetPolicy<S, O> extends Policy<S> {
  readonly options: O;
  explain(): string;
}

interface PresetSpec<S, O> {
  readonly name: string;
  readonly options: O;
  readonly initialState: () => S;
  /** Decides for a run the supervisor did not ask to end: requested stops are answered before this is called. */
  readonly decide: (state: S, run: RunRecord, context: PolicyContext) => PolicyStep<S>;
  readonly explain: () => string;
  /** Checks of the preset's own options, for lintPolicy(). */
  readonly lint: Linter;
}

// Every peer agrees that a stop the supervisor asked for is final; answering it here keeps that rule in one place.
export function definePreset<S, O>(spec: PresetSpec<S, O>): PresetPolicy<S, O> {
  const { name, options, initialState, decide, explain, lint } = spec;
  const policy: PresetPolicy<S, O> = {
    name,
    options,
    initialState,
    decide: (state: S, run: RunRecord, context: PolicyContext): PolicyStep<S> =>
      run.stopRequested ? stopStep(state, false, false, 'stop requested') : decide(state, run, context),
    explain,
  };
  return withLint(policy, lint);
}

export function stopStep<S>(state: S, failure: boolean, giveup: boolean, reason: string): PolicyStep<S> {
  return { state, decision: { action: 'stop', failure, giveup, reason } };
}

export function restartStep<S>(state: S, delayMs: number, failure: boolean, reason: string): PolicyStep<S> {
  return { state, decision: { action: 'restart', delayMs, failure, reason } };
}

/**
 * Whether a run counts as a failure (emits `crash`) for peers that restart whatever the exit: anything but exit code 0
 * or a clean signal (SIGHUP, SIGINT, SIGTERM, SIGPIPE), and any run the peer deems too short.
 */
export function failedRun(run: RunRecord, tooShort: boolean): boolean {
  return tooShort || classifyExit(run.outcome, [0]) !== 'clean';
}
