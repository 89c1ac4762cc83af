import { EventEmitter } from 'eventemitter3';
import { DaemonkitError, InvalidOptionsError } from '../errors.js';
import { describeValue } from '../options/describe-value.js';
import { isSignalName } from '../options/field-schemas.js';
import type { SupervisorOptions } from './options.js';
import { spawnFailed } from '../policy/outcomes.js';
import type { ExitOutcome } from '../policy/types.js';
import { resolveLogFile } from '../logs/types.js';
import type { SupervisorMessage } from '../worker/messages.js';
import { emitReportingErrors, rethrowLater } from './emit-safely.js';
import { eventStream, type EventStreamOptions } from './event-stream.js';
import type { EventsDropped, StopEvent, SupervisorEvent, SupervisorEvents } from './events.js';
import { HealthMonitor } from './health-monitor.js';
import { RecentLines } from './line-splitter.js';
import { initialState, REAP_TIMEOUT_MS, transition, type Effect, type EmitEffect, type Input, type MachineConfig, type MachineState, type TimerId } from './machine.js';
import { LogOutput, type RunLog } from './log-output.js';
import { captureOutput } from './output-capture.js';
import { resolveSupervisorOptions, type ResolvedSupervisorOptions } from './resolve-options.js';
import type { ChildHandle, TimerHandle } from '../process/seams.js';
import { buildSpawnBase, specFor, type SpawnBase } from './spawn-spec.js';

/** `held` only with `restartControl: 'parent'`; `stopping` also while halting. */
export type SupervisorState = 'idle' | 'running' | 'backoff' | 'held' | 'stopping' | 'stopped';

export interface StopOptions {
  /** Signal to send instead of the supervisor's `killSignal`. */
  readonly signal?: NodeJS.Signals;
  /** Milliseconds before SIGKILL instead of the supervisor's `killTimeoutMs`; never later than a deadline already set. */
  readonly timeoutMs?: number;
}

/** What `whenUp()` resolves with. */
export type UpResult =
  | { readonly up: true; readonly pid: number; readonly attempt: number }
  /** The run ended before it was up, or no run is coming (idle, held, stopped). */
  | { readonly up: false };

/**
 * Processes outlived SIGKILL (uninterruptible sleep): `stop()` and `halt()` reject with this; `done` still resolves.
 * `event` is the `stop` payload, for a stop.
 */
export class SurvivorsError extends DaemonkitError {
  override name = 'SurvivorsError';
  constructor(
    readonly survivors: readonly number[],
    readonly event?: StopEvent,
  ) {
    super(
      `${survivors.length === 1 ? 'Process' : 'Processes'} ${survivors.join(', ')} outlived SIGKILL by ` +
        `${REAP_TIMEOUT_MS} ms and may still be running (uninterruptible sleep): check them with ps`,
    );
  }
}

const SHUTDOWN_MESSAGE: SupervisorMessage = Object.freeze({ daemonkit: 'shutdown' });

// setTimeout() takes at most 2^31 - 1 ms (about 24.8 days); a longer wait is taken in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** stop() and halt() options: a mistake throws at once, in the caller, naming the option and the value. */
function checkStopOptions(where: string, options: StopOptions): void {
  const { signal, timeoutMs } = options;
  if (signal !== undefined && !isSignalName(signal)) {
    throw new InvalidOptionsError(`${where}: expected \`signal\` to be a signal name such as 'SIGTERM', got ${describeValue(signal)}`, 'signal');
  }
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
    throw new InvalidOptionsError(
      `${where}: expected \`timeoutMs\` to be a non-negative finite number of milliseconds, got ${describeValue(timeoutMs)}`,
      'timeoutMs',
    );
  }
}

/** What the shell holds for one run: the handles the pure machine only refers to by attempt number. */
interface RunResources {
  child: ChildHandle | undefined;
  health: HealthMonitor | undefined;
  recent: RecentLines | undefined;
  log: RunLog | undefined;
}

/**
 * Runs a command and keeps it running by a restart policy, telling what happens through typed events:
 * `spawn`, `exit`, `crash`, `backoff`, `giveup` and, always last, `stop` (plus `ready`, `heartbeat` and `output`
 * when health checks or piped output are on).
 *
 * Its sequencing is a pure state machine (machine.ts): inputs are handled one at a time, and events are emitted once
 * the new state is committed, so a listener may call `stop()`, `restart()` or `start()` at any moment; the call is
 * handled after the events of the current step.
 *
 * @example
 * const supervisor = new Supervisor({ command: process.execPath, args: ['worker.js'], logFile: 'worker.log' });
 * supervisor.on('crash', ({ run, consecutiveFailures }) => alert(run, consecutiveFailures));
 * supervisor.start();
 * process.once('SIGTERM', () => void supervisor.stop());
 */
export class Supervisor extends EventEmitter<SupervisorEvents> {
  /** Resolves with the `stop` payload once the supervisor has ended and its child is gone. Never rejects. */
  readonly done: Promise<StopEvent>;

  readonly #o: ResolvedSupervisorOptions;
  readonly #config: MachineConfig;
  #state: MachineState;
  readonly #mailbox: Array<{ readonly input: Input; readonly at: number }> = [];
  #busy = false;
  readonly #timers = new Map<TimerId, TimerHandle>();
  readonly #runs = new Map<number, RunResources>();
  #base: SpawnBase | undefined;
  #log: LogOutput | undefined;
  /** While a closed log's rotated files are still being compressed: `done` waits for it. */
  #logClosing: Promise<void> | undefined;
  #crashLines: readonly string[] = [];
  #restartWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  #haltWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  #upWaiters: Array<(result: UpResult) => void> = [];
  #stopped: Promise<StopEvent> | undefined;
  #resolveDone!: (event: StopEvent) => void;

  constructor(options: SupervisorOptions) {
    super();
    this.#o = resolveSupervisorOptions(options);
    this.#config = {
      policy: this.#o.policy,
      context: { random: this.#o.random },
      killSignal: this.#o.killSignal,
      killTimeoutMs: this.#o.killTimeoutMs,
      withReadiness: this.#o.health?.readiness !== undefined,
      parentControl: this.#o.restartControl === 'parent',
      commandLine: this.commandLine,
    };
    this.#state = initialState(this.#o.policy.initialState());
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
  }

  get state(): SupervisorState {
    const { phase, goal } = this.#state;
    if (goal) return 'stopping';
    return phase === 'starting' ? 'running' : phase;
  }

  /** The pid of the running child, while its process lives (not while the group it left behind is reaped). */
  get pid(): number | undefined {
    const run = this.#state.run;
    return run?.exit ? undefined : run?.pid;
  }

  /** The attempt number of the current run, or of the last one: attempts continue across `halt()` and `start()`. */
  get attempt(): number {
    return this.#state.attempt;
  }

  /** Restarts carried out or scheduled so far (requested restarts not included). */
  get restarts(): number {
    return this.#state.restarts;
  }

  /** The command line, for messages: `node worker.js`. */
  get commandLine(): string {
    return [this.#o.command, ...this.#o.args].join(' ');
  }

  /**
   * Starts the first run on the next microtask, so that listeners attached right after `start()` see its `spawn`.
   * Opens the log file now: a path that cannot be written throws here, at once. Throws unless the supervisor is idle:
   * new, or halted (then attempts and the policy's state carry on where they were).
   */
  start(): this {
    if (this.#state.phase !== 'idle') throw new DaemonkitError(`start() was already called (state: ${this.state})`);
    this.#open();
    this.#dispatch({ type: 'start' });
    return this;
  }

  /**
   * Stops for good: cancels a pending restart, sends the kill signal to the child's process group, SIGKILL after the
   * timeout, and resolves with the `stop` payload only when the child and its group are gone. Every call returns the
   * same promise. If processes outlive SIGKILL by `REAP_TIMEOUT_MS`, it rejects with a `SurvivorsError` naming them
   * (the rejection is marked handled: ignoring it is safe; `done` and the `stop` event carry `survivors` too).
   */
  stop(options: StopOptions = {}): Promise<StopEvent> {
    checkStopOptions('stop()', options);
    this.#stopped ??= this.done.then((event) => {
      if (event.survivors) throw new SurvivorsError(event.survivors, event);
      return event;
    });
    this.#stopped.catch(() => {});
    this.#dispatch({ type: 'stop', signal: options.signal, timeoutMs: options.timeoutMs });
    return this.#stopped;
  }

  /**
   * Replaces the running child now: stops it as `stop()` would, then starts the next run at once. Not a failure, and
   * not seen by the policy. During a backoff it skips the wait. Resolves once the new run was spawned; rejects with a
   * DaemonkitError when the supervisor is stopping, halting or stopped (marked handled: ignoring it is safe).
   */
  restart(): Promise<void> {
    // From idle this starts: the log is opened first, and an unwritable one throws here, with nothing left pending.
    if (this.#state.phase === 'idle') this.#open();
    const promise = new Promise<void>((resolve, reject) => this.#restartWaiters.push({ resolve, reject }));
    promise.catch(() => {});
    this.#dispatch({ type: 'restart' });
    return promise;
  }

  /**
   * For a parent (a supervision tree): stops the child as `stop()` would, but the supervisor does not end. It goes
   * back to `idle` with its counters and the policy's state kept; `start()` carries on with the next attempt. No
   * `stop` event. Resolves when the child and its group are gone (at once if nothing runs).
   */
  halt(options: StopOptions = {}): Promise<void> {
    checkStopOptions('halt()', options);
    const promise = new Promise<void>((resolve, reject) => this.#haltWaiters.push({ resolve, reject }));
    promise.catch(() => {});
    this.#dispatch({ type: 'halt', signal: options.signal, timeoutMs: options.timeoutMs });
    return promise;
  }

  /**
   * Sends `signal` to the child's process (not its group) while it lives: a way to pass on SIGHUP, SIGUSR1 and the
   * like. Does nothing between runs, or once the process has exited.
   */
  signal(signal: NodeJS.Signals): void {
    if (!isSignalName(signal)) {
      throw new InvalidOptionsError(`signal(): expected a signal name such as 'SIGHUP', got ${describeValue(signal)}`, 'signal');
    }
    this.#dispatch({ type: 'signal', signal });
  }

  /**
   * Reopens the log file by path, creating it (mode 0640) if it is gone: call it after an outside rotation
   * (`logrotate` with a `postrotate` script, which the daemon's `reopen-logs` control method runs). With rotation or
   * timestamps (output through the supervisor) the next line goes to the new file; in the direct mode the running
   * child keeps the descriptor it was given, and the next run gets the new file (use `copytruncate` there). Does
   * nothing without a `logFile`, or before `start()`. A file that cannot be opened is reported as `log-error`.
   */
  reopenLogs(): void {
    try {
      this.#log?.reopen();
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      const path = this.#log?.spec.path ?? '';
      this.#dispatch({
        type: 'log-error',
        event: Object.freeze({ path, code: e.code ?? 'EIO', message: e.message, droppedBytes: 0, droppedLines: 0, resumed: false }),
      });
    }
  }

  /**
   * With `restartControl: 'parent'`, in state `held`: carries out the restart the policy decided, after its delay or
   * after `delayMs` if given (`backoff`, then `spawn`). Does nothing in any other state.
   */
  resume(options: { readonly delayMs?: number } = {}): void {
    this.#dispatch({ type: 'resume', delayMs: options.delayMs });
  }

  /**
   * Resolves when the current (or, during a start or backoff, the next) run is up: ready when `readiness` is set,
   * spawned otherwise. Resolves `{ up: false }` when that run ends first, or at once when no run is coming (idle,
   * held, stopped). Never rejects.
   */
  whenUp(): Promise<UpResult> {
    const { phase, run } = this.#state;
    if (run?.up && run.pid !== undefined) return Promise.resolve({ up: true, pid: run.pid, attempt: run.attempt });
    if (phase === 'idle' || phase === 'held' || phase === 'stopped') return Promise.resolve({ up: false });
    return new Promise((resolve) => this.#upWaiters.push(resolve));
  }

  /**
   * All lifecycle events from now on as an async iterator; it ends after `stop` or when the signal aborts. A reader
   * that falls more than `maxBuffered` (1000) events behind loses the oldest and is told how many by a `dropped` item.
   */
  events(options?: AbortSignal | EventStreamOptions): AsyncIterableIterator<SupervisorEvent | EventsDropped> {
    const resolved = options instanceof AbortSignal ? { signal: options } : options;
    const max = resolved?.maxBuffered;
    if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
      throw new InvalidOptionsError(`events(): expected \`maxBuffered\` to be a positive integer, got ${describeValue(max)}`, 'maxBuffered');
    }
    return eventStream(this, this.#state.phase === 'stopped', resolved);
  }

  // --- the shell: one input at a time -----------------------------------------------------------------------------

  /** Queues `input` with when it happened (now, unless the caller knows better), and handles the queue. */
  #dispatch(input: Input, at = this.#o.clock.now()): void {
    this.#mailbox.push({ input, at });
    if (this.#busy) return;
    this.#busy = true;
    try {
      for (let next = this.#mailbox.shift(); next !== undefined; next = this.#mailbox.shift()) this.#step(next.input, next.at);
    } finally {
      this.#busy = false;
    }
  }

  #step(input: Input, at: number): void {
    const { state, effects } = transition(this.#config, this.#state, input, at);
    this.#state = state;
    let answers: Array<{ readonly input: Input; readonly at: number }> | undefined;
    for (const effect of effects) {
      let answer: { readonly input: Input; readonly at: number } | undefined;
      try {
        answer = this.#apply(effect);
      } catch (error) {
        // A seam that throws (a custom clock or spawner) must not cut the step short: the rest still happens, and the
        // error surfaces as an uncaught exception on the next tick.
        rethrowLater(error);
      }
      if (answer) (answers ??= []).push(answer);
    }
    // The answer to an effect (a spawn's pid, a probe's members) is handled before anything queued meanwhile.
    if (answers) this.#mailbox.unshift(...answers);
  }

  /** Carries out one effect; an effect that answers returns its answer, with when it came. */
  #apply(effect: Effect): { readonly input: Input; readonly at: number } | undefined {
    switch (effect.type) {
      case 'emit':
        this.#emitEvent(effect);
        return undefined;
      case 'spawn':
        return this.#spawn(effect.attempt);
      case 'signal': {
        const child = this.#runs.get(effect.attempt)?.child;
        if (effect.leaderOnly) {
          child?.signalProcess?.(effect.signal);
          return undefined;
        }
        if (effect.shutdownMessage && this.#o.ipc) child?.send?.(SHUTDOWN_MESSAGE);
        child?.signal(effect.signal);
        return undefined;
      }
      case 'probe': {
        const child = this.#runs.get(effect.attempt)?.child;
        const members = child?.pid === undefined ? [] : (child.groupMembers?.() ?? (child.groupAlive() ? [child.pid] : []));
        return { input: { type: 'probed', attempt: effect.attempt, members }, at: this.#o.clock.now() };
      }
      case 'set-timer':
        if (effect.ms <= 0) {
          this.#mailbox.push({ input: { type: 'timeout', id: effect.id }, at: this.#o.clock.now() });
        } else {
          this.#setTimer(effect.id, this.#o.clock.now() + effect.ms);
        }
        return undefined;
      case 'clear-timer': {
        const handle = this.#timers.get(effect.id);
        if (handle !== undefined) {
          this.#o.clock.clearTimeout(handle);
          this.#timers.delete(effect.id);
        }
        return undefined;
      }
      case 'begin-soon':
        queueMicrotask(() => this.#dispatch({ type: 'begin' }));
        return undefined;
      case 'watch':
        this.#watch(effect.attempt);
        return undefined;
      case 'unwatch':
        this.#runs.get(effect.attempt)?.health?.stop();
        return undefined;
      case 'release':
        this.#release(effect.attempt, effect.keepLines);
        return undefined;
      case 'close-log':
        this.#closeLog();
        return undefined;
      case 'restarted':
        for (const waiter of this.#restartWaiters.splice(0)) waiter.resolve();
        return undefined;
      case 'restart-refused': {
        const error = new DaemonkitError(`Cannot restart: the supervisor is ${effect.because}`);
        for (const waiter of this.#restartWaiters.splice(0)) waiter.reject(error);
        return undefined;
      }
      case 'halted': {
        const error = effect.survivors ? new SurvivorsError(effect.survivors) : undefined;
        for (const waiter of this.#haltWaiters.splice(0)) {
          if (error) waiter.reject(error);
          else waiter.resolve();
        }
        return undefined;
      }
      case 'up': {
        if (this.#upWaiters.length === 0) return undefined;
        const run = this.#state.run;
        const result: UpResult = effect.up && run?.pid !== undefined ? { up: true, pid: run.pid, attempt: run.attempt } : { up: false };
        for (const resolve of this.#upWaiters.splice(0)) resolve(result);
        return undefined;
      }
      case 'done': {
        // A closed log may still be compressing its last rotated file: `done` means the files are complete too.
        const closing = this.#logClosing;
        if (closing) void closing.then(() => this.#resolveDone(effect.event));
        else this.#resolveDone(effect.event);
        return undefined;
      }
    }
  }

  // --- effects ----------------------------------------------------------------------------------------------------

  /**
   * A timer due at `dueAt`, never earlier: Node measures timers from its event loop's cached time, which can lag, so a
   * timer that fires early is set again for what is left. Waits longer than a platform timer allows are taken in steps.
   */
  #setTimer(id: TimerId, dueAt: number): void {
    const ms = Math.min(MAX_TIMER_MS, Math.max(1, dueAt - this.#o.clock.now()));
    const handle = this.#o.clock.setTimeout(() => {
      this.#timers.delete(id);
      if (this.#o.clock.now() < dueAt) this.#setTimer(id, dueAt);
      else this.#dispatch({ type: 'timeout', id });
    }, ms);
    this.#timers.set(id, handle);
  }

  /** Opens the log (throwing at once, in the caller, when it cannot) and fixes the environment for the runs to come. */
  #open(): void {
    if (this.#o.logFile !== undefined && this.#log === undefined) {
      const log = new LogOutput(resolveLogFile(this.#o.logFile), this.#o.logFs, (event) => this.#dispatch({ type: 'log-error', event }));
      log.open();
      this.#log = log;
    }
    this.#base = buildSpawnBase(this.#o);
  }

  #closeLog(): void {
    const log = this.#log;
    this.#log = undefined;
    const closing = log?.close();
    if (closing) this.#logClosing = Promise.all([this.#logClosing, closing]).then(() => {});
  }

  #spawn(attempt: number): { readonly input: Input; readonly at: number } {
    const log = this.#log?.beginRun();
    const resources: RunResources = { child: undefined, health: undefined, recent: undefined, log };
    this.#runs.set(attempt, resources);
    const spec = specFor(this.#base!, this.#o, log?.stdio);
    let child: ChildHandle;
    try {
      child = this.#o.spawner.spawn(spec, {
        onExit: (outcome, lateByMs = 0) => {
          const groupAlive = child.pid !== undefined && child.groupAlive();
          const endedAt = this.#o.clock.now() - Math.max(0, lateByMs);
          this.#dispatch({ type: 'exited', attempt, outcome: this.#withHint(outcome), endedAt, groupAlive });
        },
        onMessage: (message) => resources.health?.message(message),
      });
    } catch (error) {
      // A spawner that throws (arguments the OS rejects) is reported like any spawn failure, on a later turn.
      const e = error as NodeJS.ErrnoException;
      const outcome = this.#withHint(spawnFailed(e.code ?? 'ESPAWN', e.message));
      this.#o.clock.setTimeout(() => this.#dispatch({ type: 'exited', attempt, outcome, endedAt: this.#o.clock.now(), groupAlive: false }), 0);
      return { input: { type: 'spawned', attempt, pid: undefined }, at: this.#o.clock.now() };
    }
    resources.child = child;
    const pid = child.pid;
    if (pid !== undefined) {
      log?.attach(child);
      if (this.#o.stdio === 'pipe' && log === undefined) {
        resources.recent = new RecentLines(this.#o.crashContextLines);
        captureOutput(child, resources.recent, (stream, line) => this.#dispatch({ type: 'output', attempt, stream, line }));
      }
    }
    return { input: { type: 'spawned', attempt, pid }, at: this.#o.clock.now() };
  }

  /** ENOENT for a command with a space in it: it was probably meant as a command line. */
  #withHint(outcome: ExitOutcome): ExitOutcome {
    if (outcome.kind !== 'spawn-failed' || outcome.code !== 'ENOENT' || !this.#o.command.includes(' ')) return outcome;
    const [program, ...rest] = this.#o.command.trim().split(/\s+/);
    const hint =
      `the command ${JSON.stringify(this.#o.command)} contains a space, and commands are not run through a shell: ` +
      `use { command: ${JSON.stringify(program)}, args: ${JSON.stringify([...rest, ...this.#o.args])} }`;
    return spawnFailed(outcome.code, `${outcome.message}; ${hint}`);
  }

  #watch(attempt: number): void {
    const resources = this.#runs.get(attempt);
    if (!resources || !this.#o.ipc) return;
    resources.health = new HealthMonitor(this.#o.health ?? {}, this.#o.clock, {
      ready: () => this.#dispatch({ type: 'ready', attempt }),
      heartbeat: (memory) => this.#dispatch({ type: 'heartbeat', attempt, memory }),
      unhealthy: (reason) => this.#dispatch({ type: 'unhealthy', attempt, reason }),
    });
  }

  #release(attempt: number, keepLines: boolean): void {
    const resources = this.#runs.get(attempt);
    this.#runs.delete(attempt);
    if (!resources) return;
    resources.health?.stop();
    resources.child?.release?.();
    // Read now, before any `exit` listener (a guard's lifecycle log) writes to the same file.
    const wanted = keepLines && this.listenerCount('crash') > 0 ? this.#o.crashContextLines : 0;
    const fromLog = resources.log?.end(resources.child?.pid === undefined ? 0 : wanted);
    this.#crashLines = Object.freeze(wanted === 0 ? [] : (fromLog ?? resources.recent?.toArray() ?? []));
  }

  #emitEvent(effect: EmitEffect): void {
    let payload: object;
    switch (effect.name) {
      case 'spawn': {
        const { pid, attempt, startedAt } = effect.payload;
        const child = this.#runs.get(attempt)?.child;
        // With a log file the pipes (if any) are the log's to read.
        const piped = this.#o.logFile === undefined;
        payload = { pid, attempt, startedAt, stdout: (piped && child?.stdout) || null, stderr: (piped && child?.stderr) || null };
        break;
      }
      case 'crash': {
        const { run, consecutiveFailures } = effect.payload;
        payload = { run, consecutiveFailures, lines: this.#crashLines };
        break;
      }
      default:
        payload = effect.payload;
    }
    Object.freeze(payload);
    if (effect.name === 'giveup' && this.listenerCount('giveup') === 0) {
      // Nobody listens: a supervisor that gives up in silence is how a service disappears unnoticed.
      process.emitWarning(effect.payload.reason, { type: 'DaemonkitWarning', code: 'DAEMONKIT_GIVEUP' });
    }
    // Every listener runs even if one throws; what they throw goes to `error` (see emitReportingErrors).
    emitReportingErrors(this, effect.name, payload);
    if (effect.name === 'spawn') {
      // Marked after the spawn listeners ran, so that a guard's own "spawn" log line is not taken for the run's output.
      this.#runs.get(effect.payload.attempt)?.log?.markStart();
    }
  }
}
