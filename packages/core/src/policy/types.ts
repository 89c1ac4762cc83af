// The data a restart policy decides from, and what it decides. Pure types: no node:* imports.

/** How a run ended. A signal death is never folded into an exit code. */
export type ExitOutcome =
  | { readonly kind: 'exited'; readonly code: number }
  | { readonly kind: 'signaled'; readonly signal: string }
  /** The command could not be started at all (ENOENT, EACCES, ...). */
  | { readonly kind: 'spawn-failed'; readonly code: string; readonly message: string };

/** One run of the supervised command, from spawn to exit. Times are milliseconds since the epoch. */
export interface RunRecord {
  /** 1-based number of this run within the supervisor's life. */
  readonly attempt: number;
  /** Absent when the spawn failed. */
  readonly pid?: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly runtimeMs: number;
  readonly outcome: ExitOutcome;
  /** True when the supervisor itself asked this run to end (stop() or restart()). */
  readonly stopRequested: boolean;
}

/** What to do after a run ended. */
export type Decision =
  | {
      readonly action: 'restart';
      readonly delayMs: number;
      /** Whether the run counts as a failure (emits `crash`). */
      readonly failure: boolean;
      readonly reason: string;
    }
  | {
      readonly action: 'stop';
      readonly failure: boolean;
      /** True when a limit was hit (emits `giveup`); false for a requested or a policy-complete stop. */
      readonly giveup: boolean;
      readonly reason: string;
    };

/** Inputs a policy may not produce itself, passed in so that decisions stay pure and replayable. */
export interface PolicyContext {
  /** A uniform random number in [0, 1), used for jitter. */
  random(): number;
}

/**
 * A restart policy: a pure function from (its own state, the run that ended) to a decision and its next state.
 * It must not read clocks, timers or randomness other than `context.random`, nor mutate `state`.
 *
 * @example
 * const restartTwice: Policy<number> = {
 *   name: 'restart twice',
 *   initialState: () => 0,
 *   decide: (restarts, run) =>
 *     restarts < 2 && !run.stopRequested
 *       ? { state: restarts + 1, decision: { action: 'restart', delayMs: 0, failure: false, reason: 'again' } }
 *       : { state: restarts, decision: { action: 'stop', failure: false, giveup: false, reason: 'done' } },
 * };
 */
export interface Policy<S = unknown> {
  /** A short label used in messages. */
  readonly name: string;
  initialState(): S;
  decide(state: S, run: RunRecord, context: PolicyContext): PolicyStep<S>;
  /**
   * A short plain-English description of what the policy does, for `explainPolicy()`: "restarts on failure;
   * waits 100 ms, doubling to 30 s". Optional: without it a policy is explained by its `name`.
   */
  explain?(): string;
}

export interface PolicyStep<S> {
  readonly decision: Decision;
  readonly state: S;
}
