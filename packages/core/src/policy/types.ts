// The data a restart policy decides from, and what it decides. Pure types: no node:* imports (NodeJS.Signals is a
// global type of @types/node, erased at run time).

/** How a process ended by itself or by a signal. A signal death is never folded into an exit code. */
export type ProcessExit =
  | { readonly kind: 'exited'; readonly code: number }
  | { readonly kind: 'signaled'; readonly signal: NodeJS.Signals };

/**
 * How a run ended. The last three are runs the supervisor ended because the worker was unhealthy; `exit` tells how
 * the process then went.
 */
export type ExitOutcome =
  | ProcessExit
  /** The command could not be started at all (ENOENT, EACCES, ...). */
  | { readonly kind: 'spawn-failed'; readonly code: string; readonly message: string }
  /** The worker did not call notifyReady() within the readiness timeout. */
  | { readonly kind: 'ready-timeout'; readonly timeoutMs: number; readonly exit: ProcessExit }
  /** The worker's heartbeats stopped for longer than the watchdog timeout. */
  | { readonly kind: 'watchdog'; readonly timeoutMs: number; readonly exit: ProcessExit }
  /** A heartbeat reported more resident memory than maxMemoryBytes. */
  | { readonly kind: 'memory-limit'; readonly rssBytes: number; readonly limitBytes: number; readonly exit: ProcessExit };

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
  /** When the worker called notifyReady(), if it did. */
  readonly readyAt?: number;
  /**
   * How long the run counted as up, when that differs from `runtimeMs`: with readiness on, the time since ready
   * (0 if it never was). Policies measure minimum uptime and backoff resets with it: `run.uptimeMs ?? run.runtimeMs`.
   */
  readonly uptimeMs?: number;
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
