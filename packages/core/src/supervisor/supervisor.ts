import { EventEmitter } from 'eventemitter3';
import { DaemonkitError } from '../errors.js';
import {
  resolveSupervisorOptions,
  type ResolvedSupervisorOptions,
  type SupervisorOptions,
} from '../options/supervisor-options.js';
import type { Decision, ExitOutcome, PolicyContext, RunRecord } from '../policy/types.js';
import { fs } from '../process/builtins.js';
import { trackChildGroup, untrackChildGroup } from '../process/exit-cleanup.js';
import { openLogFile } from '../process/log-file.js';
import { readLastLines, sizeOf } from '../process/log-tail.js';
import type { SupervisorMessage } from '../worker/messages.js';
import { newRun, toRunRecord, type CurrentRun } from './current-run.js';
import { eventStream } from './event-stream.js';
import type { StopEvent, StopReason, SupervisorEvent, SupervisorEvents } from './events.js';
import { HealthMonitor } from './health-monitor.js';
import { RecentLines } from './line-splitter.js';
import { captureOutput } from './output-capture.js';
import type { ChildHandle, SpawnSpec, TimerHandle } from './seams.js';
import { buildSpawnSpec } from './spawn-spec.js';

export type SupervisorState = 'idle' | 'running' | 'backoff' | 'stopping' | 'stopped';

export interface StopOptions {
  /** Signal to send instead of the supervisor's `killSignal`. */
  readonly signal?: NodeJS.Signals;
  /** Milliseconds before SIGKILL instead of the supervisor's `killTimeoutMs`. */
  readonly timeoutMs?: number;
}

// While the leader is gone but its group is not, poll the group this often (only then: a clean exit costs no timer).
const GROUP_POLL_MS = 20;

const SHUTDOWN_MESSAGE: SupervisorMessage = Object.freeze({ daemonkit: 'shutdown' });

/**
 * Runs a command and keeps it running by a restart policy, telling what happens through typed events:
 * `spawn`, `exit`, `crash`, `backoff`, `giveup` and, always last, `stop` (plus `ready`, `heartbeat` and `output`
 * when health checks or piped output are on).
 *
 * @example
 * const supervisor = new Supervisor({ command: process.execPath, args: ['worker.js'], logFile: 'worker.log' });
 * supervisor.on('crash', ({ run, consecutiveFailures }) => alert(run, consecutiveFailures));
 * supervisor.start();
 * process.once('SIGTERM', () => void supervisor.stop());
 */
export class Supervisor extends EventEmitter<SupervisorEvents> {
  /** Resolves with the `stop` payload once the supervisor has ended and its child is gone. */
  readonly done: Promise<StopEvent>;

  readonly #o: ResolvedSupervisorOptions;
  readonly #context: PolicyContext;

  #state: SupervisorState = 'idle';
  #policyState: unknown;
  #attempt = 0;
  #restarts = 0;
  #consecutiveFailures = 0;
  #run: CurrentRun | undefined;
  #lastRun: RunRecord | undefined;
  #backoffTimer: TimerHandle | undefined;
  #logFd: number | undefined;
  #spec: SpawnSpec | undefined;
  #stopRequested = false;
  #restartWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  #resolveDone!: (event: StopEvent) => void;

  constructor(options: SupervisorOptions) {
    super();
    this.#o = resolveSupervisorOptions(options);
    this.#context = { random: this.#o.random };
    this.#policyState = this.#o.policy.initialState();
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
  }

  get state(): SupervisorState {
    return this.#state;
  }

  /** The pid of the running child, if one is running. */
  get pid(): number | undefined {
    return this.#run?.child?.pid;
  }

  /** The command line, for messages: `node worker.js`. */
  get commandLine(): string {
    return [this.#o.command, ...this.#o.args].join(' ');
  }

  /**
   * Starts the first run on the next microtask, so that listeners attached right after `start()` see its `spawn`.
   * Opens the log file now: a path that cannot be written throws here, at once. Throws when called twice.
   */
  start(): this {
    if (this.#state !== 'idle') throw new DaemonkitError(`start() was already called (state: ${this.#state})`);
    if (this.#o.logFile !== undefined) this.#logFd = openLogFile(this.#o.logFile);
    this.#spec = buildSpawnSpec(this.#o, this.#logFd);
    this.#state = 'running';
    queueMicrotask(() => {
      if (this.#state === 'running' && this.#run === undefined) this.#spawnNext();
    });
    return this;
  }

  /**
   * Stops for good: cancels a pending restart, sends the kill signal to the child's process group, SIGKILL after the
   * timeout, and resolves with the `stop` payload only when the child and its group are gone.
   */
  stop(options: StopOptions = {}): Promise<StopEvent> {
    this.#stopRequested = true;
    switch (this.#state) {
      case 'idle':
        this.#finish('requested');
        break;
      case 'backoff':
        this.#o.clock.clearTimeout(this.#backoffTimer);
        this.#backoffTimer = undefined;
        this.#finish('requested');
        break;
      case 'running':
        if (this.#run === undefined) {
          // start() was called in this same tick and nothing was spawned yet.
          this.#finish('requested');
          break;
        }
        this.#state = 'stopping';
        this.#terminate(options.signal ?? this.#o.killSignal, options.timeoutMs ?? this.#o.killTimeoutMs);
        break;
      case 'stopping':
      case 'stopped':
        break;
    }
    return this.done;
  }

  /**
   * Replaces the running child now: stops it as `stop()` would, then starts the next run at once. Not a failure, and
   * not seen by the policy. During a backoff it skips the wait. Resolves when the new run was started; rejects when
   * the supervisor is stopping or stopped.
   */
  restart(): Promise<void> {
    switch (this.#state) {
      case 'stopping':
      case 'stopped':
        return Promise.reject(new DaemonkitError(`Cannot restart: the supervisor is ${this.#state}`));
      case 'idle':
        this.start();
        return Promise.resolve();
      case 'backoff':
        this.#o.clock.clearTimeout(this.#backoffTimer);
        this.#backoffTimer = undefined;
        this.#state = 'running';
        this.#spawnNext();
        return Promise.resolve();
      case 'running':
        if (this.#run === undefined) return Promise.resolve(); // the first spawn is already on its way
        return new Promise((resolve, reject) => {
          this.#restartWaiters.push({ resolve, reject });
          if (this.#restartWaiters.length === 1) this.#terminate(this.#o.killSignal, this.#o.killTimeoutMs);
        });
    }
  }

  /** All events from now on as an async iterator; it ends after `stop` or when `signal` aborts. */
  events(signal?: AbortSignal): AsyncIterableIterator<SupervisorEvent> {
    return eventStream(this, this.#state === 'stopped', signal);
  }

  #spawnNext(): void {
    const attempt = ++this.#attempt;
    const startedAt = this.#o.clock.now();
    let child: ChildHandle | undefined;
    const run = newRun(attempt, startedAt);
    this.#run = run;
    try {
      child = this.#o.spawner.spawn(this.#spec!, {
        onExit: (outcome) => this.#onChildExit(run, outcome),
        onMessage: (message) => run.health?.message(message),
      });
    } catch (error) {
      // A spawner that throws (bad arguments the OS rejects) is reported like any spawn failure, on a later turn.
      const e = error as NodeJS.ErrnoException;
      this.#o.clock.setTimeout(() => this.#onChildExit(run, { kind: 'spawn-failed', code: e.code ?? 'ESPAWN', message: e.message }), 0);
      return;
    }
    run.child = child;
    const pid = child.pid;
    if (pid === undefined) return;
    trackChildGroup(pid, this.#o.killSignal);
    if (this.#o.stdio === 'pipe' && this.#logFd === undefined) {
      run.recent = new RecentLines(this.#o.crashContextLines);
      captureOutput(child, run.recent, (stream, line) => this.#emit('output', { pid, stream, line }));
    }
    if (this.#o.ipc) run.health = this.#monitor(run, pid);
    this.#emit('spawn', { pid, attempt, startedAt, stdout: child.stdout, stderr: child.stderr });
    // Measured after the spawn listeners ran, so that a guard's own "spawn" log line is not taken for the run's output.
    if (this.#logFd !== undefined) run.logOffset = sizeOf(this.#logFd);
  }

  #monitor(run: CurrentRun, pid: number): HealthMonitor {
    return new HealthMonitor(this.#o.health ?? {}, this.#o.clock, {
      ready: (readyAt) => this.#emit('ready', { pid, attempt: run.attempt, afterMs: readyAt - run.startedAt }),
      heartbeat: (memory) => this.#emit('heartbeat', { pid, attempt: run.attempt, memory }),
      unhealthy: (reason) => {
        if (run.stopRequested) return;
        run.unhealthy = reason;
        this.#escalate(run, this.#o.killSignal, this.#o.killTimeoutMs);
      },
    });
  }

  /** Asks the current run to end: see #escalate. */
  #terminate(signal: NodeJS.Signals, timeoutMs: number): void {
    const run = this.#run;
    if (!run) return;
    run.stopRequested = true;
    this.#escalate(run, signal, timeoutMs);
  }

  /**
   * Ends a run gracefully: the shutdown message (for workers using onShutdown(), and where signals do not reach),
   * then `signal` to the process group, then SIGKILL after `timeoutMs`. Once per run.
   */
  #escalate(run: CurrentRun, signal: NodeJS.Signals, timeoutMs: number): void {
    if (run.killTimer !== undefined || run.killed) return;
    const child = run.child;
    if (this.#o.ipc) child?.send?.(SHUTDOWN_MESSAGE);
    child?.signal(signal);
    run.killTimer = this.#o.clock.setTimeout(() => {
      run.killed = true;
      child?.signal('SIGKILL');
    }, timeoutMs);
  }

  #onChildExit(run: CurrentRun, outcome: ExitOutcome): void {
    const endedAt = this.#o.clock.now();
    run.health?.stop();
    const child = run.child;
    if (child?.pid !== undefined && child.groupAlive()) {
      this.#reapGroup(run, () => this.#endRun(run, outcome, endedAt));
    } else {
      this.#endRun(run, outcome, endedAt);
    }
  }

  /**
   * The child exited but members of its group survive (a grandchild it did not take down): they get the kill signal,
   * SIGKILL after the timeout, and the run ends only when the group is gone, so a restart never races the old one
   * for its port.
   */
  #reapGroup(run: CurrentRun, done: () => void): void {
    const child = run.child!;
    this.#escalate(run, this.#o.killSignal, this.#o.killTimeoutMs);
    const poll = () => {
      if (child.groupAlive()) {
        this.#o.clock.setTimeout(poll, GROUP_POLL_MS);
      } else {
        done();
      }
    };
    this.#o.clock.setTimeout(poll, GROUP_POLL_MS);
  }

  #endRun(current: CurrentRun, outcome: ExitOutcome, endedAt: number): void {
    if (current.killTimer !== undefined) this.#o.clock.clearTimeout(current.killTimer);
    if (current.child?.pid !== undefined) untrackChildGroup(current.child.pid);
    this.#run = undefined;
    const stopRequested = current.stopRequested || this.#stopRequested;
    const run = toRunRecord(current, outcome, endedAt, stopRequested, this.#o.health?.readiness !== undefined);
    this.#lastRun = run;
    this.#emit('exit', { run });

    if (!this.#stopRequested && this.#restartWaiters.length > 0) {
      this.#emit('backoff', { delayMs: 0, attempt: this.#attempt + 1, reason: 'restart requested' });
      this.#spawnNext();
      this.#settleRestartWaiters();
      return;
    }

    const step = this.#o.policy.decide(this.#policyState, run, this.#context);
    this.#policyState = step.state;
    const decision: Decision = this.#stopRequested
      ? { action: 'stop', failure: step.decision.failure, giveup: false, reason: 'stop requested' }
      : step.decision;
    this.#consecutiveFailures = decision.failure ? this.#consecutiveFailures + 1 : 0;
    if (decision.failure) {
      this.#emit('crash', { run, consecutiveFailures: this.#consecutiveFailures, lines: this.#lastLines(current) });
    }

    if (decision.action === 'restart') {
      this.#restarts += 1;
      this.#emit('backoff', { delayMs: decision.delayMs, attempt: this.#attempt + 1, reason: decision.reason });
      if (decision.delayMs <= 0) {
        this.#spawnNext();
      } else {
        this.#state = 'backoff';
        this.#backoffTimer = this.#o.clock.setTimeout(() => {
          this.#backoffTimer = undefined;
          this.#state = 'running';
          this.#spawnNext();
        }, decision.delayMs);
      }
      return;
    }
    if (decision.giveup) {
      this.#emit('giveup', {
        reason: `Gave up on ${this.commandLine}: ${decision.reason}`,
        run,
        restarts: this.#restarts,
      });
    }
    this.#finish(this.#stopRequested ? 'requested' : decision.giveup ? 'giveup' : 'completed');
  }

  #lastLines(run: CurrentRun): readonly string[] {
    if (run.recent) return Object.freeze(run.recent.toArray());
    if (this.#o.logFile !== undefined && run.child?.pid !== undefined) {
      return Object.freeze(readLastLines(this.#o.logFile, run.logOffset, this.#o.crashContextLines));
    }
    return Object.freeze([]);
  }

  #finish(reason: StopReason): void {
    this.#state = 'stopped';
    if (this.#logFd !== undefined) {
      fs().closeSync(this.#logFd);
      this.#logFd = undefined;
    }
    this.#settleRestartWaiters(new DaemonkitError(`Cannot restart: the supervisor stopped (${reason})`));
    const event: StopEvent = this.#lastRun ? { reason, lastRun: this.#lastRun } : { reason };
    const frozen = this.#emit('stop', event);
    this.#resolveDone(frozen);
  }

  #settleRestartWaiters(error?: Error): void {
    const waiters = this.#restartWaiters;
    this.#restartWaiters = [];
    for (const waiter of waiters) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }

  #emit<K extends keyof SupervisorEvents>(name: K, payload: Parameters<SupervisorEvents[K]>[0]): typeof payload {
    Object.freeze(payload);
    (this.emit as (event: K, arg: typeof payload) => boolean)(name, payload);
    return payload;
  }
}
