// The Supervisor's sequencing: a pure state machine. `transition(config, state, input, at)` returns the next state and
// the effects to carry out; it performs none of them. The shell (supervisor.ts) feeds inputs one at a time, commits the
// state, then applies the effects in order, events included, so a listener always sees a committed state and
// whatever it calls becomes the next input (OTP's gen_server: one message at a time).
//
// The phases, and what moves between them (docs/ARCHITECTURE.md draws the same as a diagram):
//
//   idle      -- start() or restart() ------------------------------> starting (halt() -> idle)
//   starting  -- begin (the next microtask) ------------------------> running (spawn)
//   running   -- exit; restart() was asked ------------------------> backoff (0 ms)
//   running   -- exit; the policy restarts -------------------------> backoff, or held with restartControl 'parent'
//   running   -- exit; the policy stops, or stop() was asked -------> stopped
//   running   -- exit; halt() was asked ----------------------------> idle (counters kept)
//   backoff   -- timer, or restart() -------------------------------> running (spawn)
//   held      -- resume() -> backoff; restart() -> running; halt() -> idle
//   any       -- stop() ------------------------------------------> stopped (at once, or once the run has ended)
//
// While `running`, the run itself goes: spawned -> (ready) -> asked to end (stop/halt/restart/unhealthy: the kill
// signal, then SIGKILL at its deadline) -> exited -> its group reaped (polled until empty; after SIGKILL, waited for
// at most REAP_TIMEOUT_MS) -> ended: `exit`, then the policy decides.
import { signaled } from '../policy/outcomes.js';
import type { Decision, ExitOutcome, Policy, PolicyContext, RunRecord } from '../policy/types.js';
import type { BackoffEvent, CrashEvent, LogErrorEvent, SpawnEvent, StopEvent, StopReason, SupervisorEvents } from './events.js';
import type { Unhealthy } from './health-monitor.js';
import { toRunRecord } from './run-record.js';

/** While a run's leader is gone but its group is not, the group is probed this often (only then: no idle polling). */
export const GROUP_POLL_MS = 20;

/**
 * How long after SIGKILL the supervisor waits for a run's process group before it stops waiting: a process in
 * uninterruptible sleep (a hung NFS mount, a stuck device) does not die until the kernel lets it. The run then ends
 * with those pids reported as `survivors`, and `stop()` rejects with an error naming them.
 */
export const REAP_TIMEOUT_MS = 5000;

export type Phase = 'idle' | 'starting' | 'running' | 'backoff' | 'held' | 'stopped';
export type TimerId = number;

/** What the supervisor does once the current run has ended: stop for good, or halt (back to idle). */
export type Goal = 'stop' | 'halt';

/** Settings the machine reads and never changes. */
export interface MachineConfig {
  readonly policy: Policy<unknown>;
  readonly context: PolicyContext;
  readonly killSignal: NodeJS.Signals;
  readonly killTimeoutMs: number;
  /** Readiness is watched: a run is up once ready (else once spawned), and uptime counts from ready. */
  readonly withReadiness: boolean;
  /** A restart the policy decided waits in `held` for the parent (restartControl: 'parent'). */
  readonly parentControl: boolean;
  /** For messages: `node worker.js`. */
  readonly commandLine: string;
}

/** The run in progress. */
export interface Run {
  readonly attempt: number;
  readonly startedAt: number;
  /** Undefined while the spawn is reported, and for good when it failed. */
  readonly pid: number | undefined;
  /** Up: spawned, or ready when readiness is watched. */
  readonly up: boolean;
  readonly readyAt: number | undefined;
  /** The supervisor asked this run to end (stop, halt or restart) before it exited. */
  readonly requested: boolean;
  /** Why the supervisor is ending it as unhealthy, if it is. */
  readonly unhealthy: Unhealthy | undefined;
  /** The last signal sent to end it. */
  readonly signalled: NodeJS.Signals | undefined;
  /** When SIGKILL is due, once the run is being ended. */
  readonly killAt: number | undefined;
  readonly killTimer: TimerId | undefined;
  readonly killed: boolean;
  /** Bounds the wait for the group after SIGKILL; `waitExpired` once it fired. */
  readonly waitTimer: TimerId | undefined;
  readonly waitExpired: boolean;
  readonly pollTimer: TimerId | undefined;
  /** The process itself exited; members of its group remain and are being reaped. */
  readonly exit: { readonly outcome: ExitOutcome; readonly endedAt: number } | undefined;
}

export interface MachineState {
  readonly phase: Phase;
  readonly goal: Goal | undefined;
  /** restart() was asked for and its new run has not spawned yet. */
  readonly restartRequested: boolean;
  readonly run: Run | undefined;
  /** The last attempt number used: attempts continue across halts. */
  readonly attempt: number;
  readonly restarts: number;
  readonly consecutiveFailures: number;
  readonly policyState: unknown;
  readonly lastRun: RunRecord | undefined;
  readonly backoffTimer: TimerId | undefined;
  /** In `held`: the restart the policy decided. */
  readonly held: { readonly delayMs: number; readonly reason: string } | undefined;
  readonly nextTimerId: TimerId;
}

type Memory = { readonly rss: number; readonly heapUsed: number };

/** Things that happened. When they happened comes beside them, as `transition()`'s `at`. */
export type Input =
  | { readonly type: 'start' }
  /** The deferred first spawn after start(). */
  | { readonly type: 'begin' }
  | { readonly type: 'stop'; readonly signal?: NodeJS.Signals | undefined; readonly timeoutMs?: number | undefined }
  | { readonly type: 'halt'; readonly signal?: NodeJS.Signals | undefined; readonly timeoutMs?: number | undefined }
  | { readonly type: 'restart' }
  | { readonly type: 'resume'; readonly delayMs?: number | undefined }
  | { readonly type: 'spawned'; readonly attempt: number; readonly pid: number | undefined }
  /** `endedAt`: when the process exited, which may be before the report was handled (`at`). */
  | { readonly type: 'exited'; readonly attempt: number; readonly outcome: ExitOutcome; readonly endedAt: number; readonly groupAlive: boolean }
  /** A signal for the run's process (not its group), while it lives: the guard forwards SIGHUP and the like. */
  | { readonly type: 'signal'; readonly signal: NodeJS.Signals }
  | { readonly type: 'probed'; readonly attempt: number; readonly members: readonly number[] }
  | { readonly type: 'timeout'; readonly id: TimerId }
  | { readonly type: 'ready'; readonly attempt: number }
  | { readonly type: 'heartbeat'; readonly attempt: number; readonly memory: Memory }
  | { readonly type: 'unhealthy'; readonly attempt: number; readonly reason: Unhealthy }
  | { readonly type: 'output'; readonly attempt: number; readonly stream: 'stdout' | 'stderr'; readonly line: string }
  /** Writing to the log failed, or works again: passed on as `log-error` until the supervisor has stopped. */
  | { readonly type: 'log-error'; readonly event: LogErrorEvent };

/** An event as the machine knows it; the shell adds the spawn's streams and the crash's output lines. */
export type MachineEvents = {
  [K in Exclude<keyof SupervisorEvents, 'error'>]: K extends 'spawn'
    ? Omit<SpawnEvent, 'stdout' | 'stderr'>
    : K extends 'crash'
      ? Omit<CrashEvent, 'lines'>
      : Parameters<SupervisorEvents[K]>[0];
};

export type EmitEffect = {
  [K in keyof MachineEvents]: { readonly type: 'emit'; readonly name: K; readonly payload: MachineEvents[K] };
}[keyof MachineEvents];

/** Things to do. Those marked "answers" produce an input that the shell handles next, before anything queued. */
export type Effect =
  | EmitEffect
  /** Answers `spawned`. */
  | { readonly type: 'spawn'; readonly attempt: number }
  /**
   * A signal to the run's process group (the kill signal, after the shutdown message over IPC when
   * `shutdownMessage`; or SIGKILL), or to its process alone when `leaderOnly`.
   */
  | {
      readonly type: 'signal';
      readonly attempt: number;
      readonly signal: NodeJS.Signals;
      readonly shutdownMessage: boolean;
      readonly leaderOnly?: boolean;
    }
  /** Answers `probed`: which members of the run's group are alive. */
  | { readonly type: 'probe'; readonly attempt: number }
  /** A timer; 0 ms means "next in line", after the inputs already queued. It answers `timeout` when due. */
  | { readonly type: 'set-timer'; readonly id: TimerId; readonly ms: number }
  | { readonly type: 'clear-timer'; readonly id: TimerId }
  /** Queue `begin` after the current turn, so that listeners attached right after start() see the first spawn. */
  | { readonly type: 'begin-soon' }
  /** Start health checks for the run (with an IPC channel); stop them once its process has exited. */
  | { readonly type: 'watch'; readonly attempt: number }
  | { readonly type: 'unwatch'; readonly attempt: number }
  /** The run is over: stop its health checks, forget its group and handles; keep its last lines when it crashed. */
  | { readonly type: 'release'; readonly attempt: number; readonly keepLines: boolean }
  | { readonly type: 'close-log' }
  /** Settle the promises of restart(), halt(), whenUp() and stop()/done. */
  | { readonly type: 'restarted' }
  | { readonly type: 'restart-refused'; readonly because: string }
  /** `survivors`: processes that outlived SIGKILL; the halt did not leave the group empty. */
  | { readonly type: 'halted'; readonly survivors?: readonly number[] }
  | { readonly type: 'up'; readonly up: boolean }
  | { readonly type: 'done'; readonly event: StopEvent };

export interface Step {
  readonly state: MachineState;
  readonly effects: readonly Effect[];
}

export function initialState(policyState: unknown): MachineState {
  return {
    phase: 'idle',
    goal: undefined,
    restartRequested: false,
    run: undefined,
    attempt: 0,
    restarts: 0,
    consecutiveFailures: 0,
    policyState,
    lastRun: undefined,
    backoffTimer: undefined,
    held: undefined,
    nextTimerId: 1,
  };
}

/**
 * The next state and the effects of `input`, which happened at `at` (the clock's now, in ms). Pure, given a pure
 * policy and random source.
 */
export function transition(config: MachineConfig, state: MachineState, input: Input, at: number): Step {
  const step = new Transition(config, state, at);
  step.handle(input);
  return { state: step.s, effects: step.fx };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// Field by field: every transition copies the state (and often the run), and V8 builds a literal of a fixed shape
// much faster than a spread, which also made it allocate and promote more (measured: 17 -> 5 us per restart).
function copyRun(r: Run): Mutable<Run> {
  return {
    attempt: r.attempt,
    startedAt: r.startedAt,
    pid: r.pid,
    up: r.up,
    readyAt: r.readyAt,
    requested: r.requested,
    unhealthy: r.unhealthy,
    signalled: r.signalled,
    killAt: r.killAt,
    killTimer: r.killTimer,
    killed: r.killed,
    waitTimer: r.waitTimer,
    waitExpired: r.waitExpired,
    pollTimer: r.pollTimer,
    exit: r.exit,
  };
}

function copyState(s: MachineState): Mutable<MachineState> {
  return {
    phase: s.phase,
    goal: s.goal,
    restartRequested: s.restartRequested,
    run: s.run,
    attempt: s.attempt,
    restarts: s.restarts,
    consecutiveFailures: s.consecutiveFailures,
    policyState: s.policyState,
    lastRun: s.lastRun,
    backoffTimer: s.backoffTimer,
    held: s.held,
    nextTimerId: s.nextTimerId,
  };
}

class Transition {
  readonly s: Mutable<MachineState>;
  readonly fx: Effect[] = [];

  constructor(
    private readonly c: MachineConfig,
    state: MachineState,
    private readonly at: number,
  ) {
    this.s = copyState(state);
  }

  handle(input: Input): void {
    switch (input.type) {
      case 'start':
        if (this.s.phase === 'idle') this.start();
        return;
      case 'begin':
        if (this.s.phase === 'starting') this.spawn();
        return;
      case 'stop':
        return this.stop(input.signal, input.timeoutMs);
      case 'halt':
        return this.halt(input.signal, input.timeoutMs);
      case 'restart':
        return this.restart();
      case 'resume':
        return this.resume(input.delayMs);
      case 'spawned':
        return this.spawned(input.attempt, input.pid);
      case 'exited':
        return this.exited(input.attempt, input.outcome, input.endedAt, input.groupAlive);
      case 'signal': {
        const run = this.s.run;
        if (run?.pid !== undefined && !run.exit) {
          this.fx.push({ type: 'signal', attempt: run.attempt, signal: input.signal, shutdownMessage: false, leaderOnly: true });
        }
        return;
      }
      case 'probed':
        return this.probed(input.attempt, input.members);
      case 'timeout':
        return this.timeout(input.id);
      case 'ready':
        return this.ready(input.attempt);
      case 'heartbeat': {
        const run = this.live(input.attempt);
        if (run?.pid !== undefined) this.emit('heartbeat', { pid: run.pid, attempt: run.attempt, memory: input.memory });
        return;
      }
      case 'unhealthy': {
        const run = this.live(input.attempt);
        if (!run || run.requested || run.unhealthy) return;
        this.updateRun({ unhealthy: input.reason });
        this.endGracefully(this.c.killSignal, this.c.killTimeoutMs);
        return;
      }
      case 'output': {
        const run = this.current(input.attempt);
        if (run?.pid !== undefined) this.emit('output', { pid: run.pid, stream: input.stream, line: input.line });
        return;
      }
      case 'log-error':
        if (this.s.phase !== 'stopped') this.emit('log-error', input.event);
        return;
    }
  }

  // --- requests -------------------------------------------------------------------------------------------------

  private start(): void {
    this.s.phase = 'starting';
    this.fx.push({ type: 'begin-soon' });
  }

  private stop(signal: NodeJS.Signals | undefined, timeoutMs: number | undefined): void {
    switch (this.s.phase) {
      case 'stopped':
        return;
      case 'backoff':
        this.clearBackoff();
        return this.finish('requested', undefined);
      case 'idle':
      case 'starting':
      case 'held':
        return this.finish('requested', undefined);
      case 'running':
        this.s.goal = 'stop';
        this.refuseRestart('stopping');
        this.markRequested();
        this.endGracefully(signal ?? this.c.killSignal, timeoutMs ?? this.c.killTimeoutMs);
        return;
    }
  }

  private halt(signal: NodeJS.Signals | undefined, timeoutMs: number | undefined): void {
    switch (this.s.phase) {
      case 'stopped':
      case 'idle':
        this.fx.push({ type: 'halted' });
        return;
      case 'backoff':
        this.clearBackoff();
        return this.toIdle();
      case 'starting':
      case 'held':
        return this.toIdle();
      case 'running':
        if (this.s.goal === 'stop') return; // settled when the stop completes
        this.s.goal = 'halt';
        this.refuseRestart('halting');
        this.markRequested();
        this.endGracefully(signal ?? this.c.killSignal, timeoutMs ?? this.c.killTimeoutMs);
        return;
    }
  }

  private restart(): void {
    switch (this.s.phase) {
      case 'stopped':
        this.fx.push({ type: 'restart-refused', because: 'stopped' });
        return;
      case 'idle':
        this.s.restartRequested = true;
        return this.start();
      case 'starting':
        this.s.restartRequested = true;
        return;
      case 'backoff':
        this.clearBackoff();
        this.s.restartRequested = true;
        return this.spawn();
      case 'held':
        this.s.held = undefined;
        this.s.restartRequested = true;
        return this.spawn();
      case 'running':
        if (this.s.goal) {
          this.fx.push({ type: 'restart-refused', because: this.s.goal === 'stop' ? 'stopping' : 'halting' });
          return;
        }
        if (this.s.restartRequested) return;
        this.s.restartRequested = true;
        this.markRequested();
        this.endGracefully(this.c.killSignal, this.c.killTimeoutMs);
        return;
    }
  }

  private resume(delayMs: number | undefined): void {
    const held = this.s.held;
    if (this.s.phase !== 'held' || !held) return;
    this.s.held = undefined;
    this.scheduleRestart(delayMs ?? held.delayMs, held.reason);
  }

  // --- the run ----------------------------------------------------------------------------------------------------

  private spawn(): void {
    const attempt = this.s.attempt + 1;
    this.s.attempt = attempt;
    this.s.phase = 'running';
    this.s.run = {
      attempt,
      startedAt: this.at,
      pid: undefined,
      up: false,
      readyAt: undefined,
      requested: false,
      unhealthy: undefined,
      signalled: undefined,
      killAt: undefined,
      killTimer: undefined,
      killed: false,
      waitTimer: undefined,
      waitExpired: false,
      pollTimer: undefined,
      exit: undefined,
    };
    // Nothing is emitted before a spawn in the same transition: a listener's stop() would come too late to prevent it.
    this.fx.push({ type: 'spawn', attempt });
  }

  private spawned(attempt: number, pid: number | undefined): void {
    const run = this.current(attempt);
    if (!run) return;
    // Without readiness a run is up once spawned.
    const up = pid !== undefined && !this.c.withReadiness;
    this.updateRun({ pid, up });
    if (this.s.restartRequested) {
      this.s.restartRequested = false;
      this.fx.push({ type: 'restarted' });
    }
    if (pid === undefined) return; // the spawn failure is reported as an exit
    this.emit('spawn', { pid, attempt, startedAt: run.startedAt });
    this.fx.push({ type: 'watch', attempt });
    if (up) this.fx.push({ type: 'up', up: true });
  }

  private ready(attempt: number): void {
    const run = this.live(attempt);
    if (!run || run.pid === undefined || run.readyAt !== undefined) return;
    this.updateRun({ readyAt: this.at });
    this.emit('ready', { pid: run.pid, attempt, afterMs: this.at - run.startedAt });
    if (this.c.withReadiness) this.markUp();
  }

  private exited(attempt: number, outcome: ExitOutcome, endedAt: number, groupAlive: boolean): void {
    const run = this.current(attempt);
    if (!run || run.exit) return;
    if (!groupAlive) return this.endRun(outcome, endedAt, undefined);
    // The leader is gone but its group is not (a grandchild it did not take down): the group gets the kill signal and
    // SIGKILL at the deadline, and the run ends only once the group is gone, so a restart never races it for a port.
    this.updateRun({ exit: { outcome, endedAt } });
    this.fx.push({ type: 'unwatch', attempt });
    if (run.signalled === undefined) this.endGracefully(this.c.killSignal, this.c.killTimeoutMs);
    this.updateRun({ pollTimer: this.setTimer(GROUP_POLL_MS) });
  }

  private probed(attempt: number, members: readonly number[]): void {
    const run = this.current(attempt);
    if (!run) return;
    if (members.length === 0) {
      // An empty group whose leader's exit is still on its way: that report ends the run.
      if (run.exit) this.endRun(run.exit.outcome, run.exit.endedAt, undefined);
      return;
    }
    if (run.waitExpired) {
      // SIGKILL cannot be blocked: the survivors die as soon as the kernel lets them. Say so instead of waiting on.
      this.endRun(run.exit?.outcome ?? signaled('SIGKILL'), run.exit?.endedAt ?? this.at, members);
      return;
    }
    if (run.exit) this.updateRun({ pollTimer: this.setTimer(GROUP_POLL_MS) });
  }

  private timeout(id: TimerId): void {
    if (id === this.s.backoffTimer) {
      this.s.backoffTimer = undefined;
      if (this.s.phase === 'backoff') this.spawn();
      return;
    }
    const run = this.s.run;
    if (!run) return;
    if (id === run.killTimer) {
      this.updateRun({ killTimer: undefined, killed: true, waitTimer: this.setTimer(REAP_TIMEOUT_MS) });
      this.fx.push({ type: 'signal', attempt: run.attempt, signal: 'SIGKILL', shutdownMessage: false });
    } else if (id === run.pollTimer) {
      this.updateRun({ pollTimer: undefined });
      this.fx.push({ type: 'probe', attempt: run.attempt });
    } else if (id === run.waitTimer) {
      this.updateRun({ waitTimer: undefined, waitExpired: true });
      this.fx.push({ type: 'probe', attempt: run.attempt });
    }
  }

  /**
   * Asks the run to end: `signal` now (after the shutdown message), SIGKILL `timeoutMs` later. A second request can
   * only bring SIGKILL closer (a stop with a shorter timeout during a restart or a reap), and sends its own signal when
   * it differs from the one already sent.
   */
  private endGracefully(signal: NodeJS.Signals, timeoutMs: number): void {
    const run = this.s.run;
    if (!run || run.pid === undefined || run.killed) return;
    if (run.signalled !== signal) {
      this.fx.push({ type: 'signal', attempt: run.attempt, signal, shutdownMessage: run.signalled === undefined && !run.exit });
      this.updateRun({ signalled: signal });
    }
    const killAt = this.at + timeoutMs;
    if (run.killAt !== undefined && run.killAt <= killAt) return;
    if (run.killTimer !== undefined) this.fx.push({ type: 'clear-timer', id: run.killTimer });
    this.updateRun({ killAt, killTimer: this.setTimer(timeoutMs) });
  }

  private endRun(outcome: ExitOutcome, endedAt: number, found: readonly number[] | undefined): void {
    const run = this.s.run!;
    for (const id of [run.killTimer, run.pollTimer, run.waitTimer]) {
      if (id !== undefined) this.fx.push({ type: 'clear-timer', id });
    }
    const record = toRunRecord(run, outcome, endedAt, this.c.withReadiness);
    const survivors = found ? Object.freeze([...found]) : undefined;
    this.s.run = undefined;
    this.s.lastRun = record;
    const restartAsked = this.s.restartRequested && !this.s.goal;
    // A restart asked for before the process exited replaces the run, unseen by the policy. A run that had already
    // exited by itself is the policy's to judge first: its crash is reported and counts toward the limits; then a
    // restart the policy allows happens at once.
    const decided = restartAsked && run.requested ? undefined : this.decide(record);
    const failure = decided?.decision.failure ?? false;
    const ends = decided !== undefined && (this.s.goal !== undefined || decided.decision.action === 'stop');
    // Resources go before the events: a listener that calls start() after a halt opens the log afresh, and one that
    // calls whenUp() from `exit` waits for the next run.
    this.fx.push({ type: 'release', attempt: run.attempt, keepLines: failure });
    if (ends) this.fx.push({ type: 'close-log' });
    if (!run.up) this.fx.push({ type: 'up', up: false });
    this.emit('exit', survivors ? { run: record, survivors } : { run: record });

    if (!decided) return this.scheduleRestart(0, 'restart requested');
    this.s.consecutiveFailures = failure ? this.s.consecutiveFailures + 1 : 0;
    if (failure) this.emit('crash', { run: record, consecutiveFailures: this.s.consecutiveFailures });
    const { decision, error } = decided;
    if (this.s.goal === 'halt') return this.toIdle(false, survivors);
    if (this.s.goal === 'stop') return this.finish('requested', survivors, false);
    if (decision.action === 'restart') {
      this.s.restarts += 1;
      if (restartAsked) return this.scheduleRestart(0, 'restart requested');
      if (this.c.parentControl) {
        this.s.phase = 'held';
        this.s.held = { delayMs: decision.delayMs, reason: decision.reason };
        this.emit('held', { delayMs: decision.delayMs, attempt: this.s.attempt + 1, reason: decision.reason, run: record });
        return;
      }
      return this.scheduleRestart(decision.delayMs, decision.reason);
    }
    if (decision.giveup) {
      const reason = `Gave up on ${this.c.commandLine}: ${decision.reason}`;
      const restarts = this.s.restarts;
      this.emit('giveup', error === undefined ? { reason, run: record, restarts } : { reason, run: record, restarts, error });
    }
    this.finish(decision.giveup ? 'giveup' : 'completed', survivors, false);
  }

  /** The policy's decision. A policy that throws is a bug in it: the supervisor gives up rather than guess. */
  private decide(record: RunRecord): { decision: Decision; error?: unknown } {
    let decision: Decision;
    try {
      const step = this.c.policy.decide(this.s.policyState, record, this.c.context);
      this.s.policyState = step.state;
      decision = step.decision;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { decision: { action: 'stop', failure: true, giveup: true, reason: `policy "${this.c.policy.name}" threw: ${message}` }, error };
    }
    // A stop or halt the supervisor was asked for wins over whatever the policy says.
    if (this.s.goal) return { decision: { action: 'stop', failure: decision.failure, giveup: false, reason: `${this.s.goal} requested` } };
    return { decision };
  }

  private scheduleRestart(delayMs: number, reason: string): void {
    this.emit('backoff', { delayMs, attempt: this.s.attempt + 1, reason } satisfies BackoffEvent);
    this.s.phase = 'backoff';
    // Even a restart without delay goes through the queue: a stop() from a listener of these events comes first.
    this.s.backoffTimer = this.setTimer(Math.max(0, delayMs));
  }

  private toIdle(closeLog = true, survivors?: readonly number[]): void {
    this.s.phase = 'idle';
    this.s.goal = undefined;
    this.s.held = undefined;
    this.refuseRestart('halting');
    if (closeLog) this.fx.push({ type: 'close-log' });
    this.fx.push({ type: 'up', up: false }, survivors ? { type: 'halted', survivors } : { type: 'halted' });
  }

  private finish(reason: StopReason, survivors: readonly number[] | undefined, closeLog = true): void {
    this.s.phase = 'stopped';
    this.s.goal = undefined;
    this.s.held = undefined;
    this.refuseRestart('stopped');
    const lastRun = this.s.lastRun;
    const event: StopEvent = {
      reason,
      ...(lastRun ? { lastRun } : {}),
      ...(survivors ? { survivors } : {}),
    };
    if (closeLog) this.fx.push({ type: 'close-log' });
    this.emit('stop', event);
    this.fx.push({ type: 'up', up: false }, survivors ? { type: 'halted', survivors } : { type: 'halted' }, { type: 'done', event });
  }

  // --- helpers ----------------------------------------------------------------------------------------------------

  /** The current run if it is `attempt`; inputs about an earlier run are late and ignored. */
  private current(attempt: number): Run | undefined {
    const run = this.s.run;
    return run && run.attempt === attempt ? run : undefined;
  }

  /** The current run if it is `attempt` and its process has not exited. */
  private live(attempt: number): Run | undefined {
    const run = this.current(attempt);
    return run && !run.exit ? run : undefined;
  }

  private updateRun(changes: Partial<Run>): void {
    this.s.run = Object.assign(copyRun(this.s.run!), changes);
  }

  private markRequested(): void {
    const run = this.s.run;
    if (run && !run.exit) this.updateRun({ requested: true });
  }

  private markUp(): void {
    this.updateRun({ up: true });
    this.fx.push({ type: 'up', up: true });
  }

  private refuseRestart(because: string): void {
    if (!this.s.restartRequested) return;
    this.s.restartRequested = false;
    this.fx.push({ type: 'restart-refused', because });
  }

  private clearBackoff(): void {
    if (this.s.backoffTimer !== undefined) this.fx.push({ type: 'clear-timer', id: this.s.backoffTimer });
    this.s.backoffTimer = undefined;
  }

  private setTimer(ms: number): TimerId {
    const id = this.s.nextTimerId;
    this.s.nextTimerId = id + 1;
    this.fx.push({ type: 'set-timer', id, ms });
    return id;
  }

  private emit<K extends keyof MachineEvents>(name: K, payload: MachineEvents[K]): void {
    this.fx.push({ type: 'emit', name, payload } as EmitEffect);
  }
}
