import { EventEmitter } from 'eventemitter3';
import { DaemonkitError, InvalidOptionsError } from '../errors.js';
import { systemClock } from '../process/system-clock.js';
import { emitReportingErrors } from '../supervisor/emit-safely.js';
import type { TreeEventName, TreeEvents, TreeStopEvent, TreeStopReason } from './events.js';
import type { ChildStatus } from './node.js';
import { resolveTreeOptions, type ChildSpec, type TreeOptions } from './options.js';
import { TreeCore, type RootLink } from './tree-core.js';

export type TreeState = 'idle' | 'running' | 'stopping' | 'stopped';

/**
 * Supervises many commands as one tree, with Erlang/OTP's semantics: children start in order (one with `readiness`
 * must be ready before the next starts) and stop in reverse order, one at a time; when a child is to be restarted, the
 * strategy says which others restart with it (`one-for-one`, `one-for-all`, `rest-for-one`); more restarts than the
 * intensity allows give the tree up. Replicas (`instances`), nested trees, rolling restarts and children added or
 * removed while it runs. Each child is a Supervisor (its events come through with `child`, its id).
 *
 * @example
 * const tree = new SupervisorTree({
 *   strategy: 'rest-for-one',
 *   children: [
 *     { name: 'db', command: 'redis-server', readiness: { timeoutMs: 5000 } },
 *     { name: 'web', command: process.execPath, args: ['server.js'], instances: 4 },
 *   ],
 * });
 * tree.on('crash', ({ child, run }) => console.error(child, run.outcome));
 * tree.start();
 * process.once('SIGTERM', () => void tree.stop());
 */
export class SupervisorTree extends EventEmitter<TreeEvents> {
  /** Resolves with the `tree-stop` payload once every process of every child is gone. Never rejects. */
  readonly done: Promise<TreeStopEvent>;

  readonly #core: TreeCore;
  #state: TreeState = 'idle';
  #resolveDone!: (event: TreeStopEvent) => void;
  #finished = false;

  constructor(options: TreeOptions) {
    super();
    const o = resolveTreeOptions(options);
    const link: RootLink = {
      emitChild: (name, payload) => this.#emit(name, payload),
      emitTree: ((name: 'group-restart' | 'tree-giveup', payload: object) => {
        if (name === 'tree-giveup' && this.listenerCount('tree-giveup') === 0 && (payload as { tree: string }).tree === '') {
          process.emitWarning((payload as { reason: string }).reason, { type: 'DaemonkitWarning', code: 'DAEMONKIT_TREE_GIVEUP' });
        }
        this.#emit(name, payload);
      }) as RootLink['emitTree'],
      report: () => {},
      finished: (reason, survivors) => this.#finish(reason, survivors),
    };
    this.#core = new TreeCore(o, '', '', 'permanent', link, o.clock ?? systemClock);
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
  }

  get state(): TreeState {
    return this.#state;
  }

  /**
   * Starts the children in order, on the next turns. Throws unless the tree is new, and at once when a child's log
   * file cannot be opened (as Supervisor.start() does).
   */
  start(): this {
    if (this.#state !== 'idle') throw new DaemonkitError(`start() was already called (state: ${this.#state})`);
    this.#core.checkLogFiles();
    this.#state = 'running';
    this.#core.start();
    return this;
  }

  /**
   * Stops every child, in reverse start order, one at a time (each with its own kill signal and timeout), and resolves
   * with the `tree-stop` payload once every process is gone. Every call returns the same promise.
   */
  stop(): Promise<TreeStopEvent> {
    if (this.#state === 'idle' || this.#state === 'running') {
      this.#state = 'stopping';
      void this.#core.stop().then((survivors) => this.#finish('requested', survivors));
    }
    return this.done;
  }

  /**
   * Replaces a child now: a name (all of a command's replicas, or a nested tree), a replica (`web#1`) or a nested
   * child (`jobs/mailer`). Not a failure, not counted against the intensity. With `rolling`, replicas are replaced one
   * at a time, the next only once the new one is up (ready, or without readiness still running after
   * `rollingSettleMs`); a replica that fails stops the roll, which then rejects naming it.
   */
  restart(name: string, options: { readonly rolling?: boolean } = {}): Promise<void> {
    const found = this.#find(name, 'restart');
    const result = found.core.restartNodes(found.nodes, options.rolling ?? false);
    result.catch(() => {});
    return result;
  }

  /** Adds a child (with its replicas) at the end of the start order and starts it if the tree runs. Resolves with its ids. */
  add(spec: ChildSpec): Promise<readonly string[]> {
    if (this.#state === 'stopping' || this.#state === 'stopped') {
      return Promise.reject(new DaemonkitError(`Cannot add ${JSON.stringify(spec?.name)}: the tree is ${this.#state}`));
    }
    return this.#core.add(spec);
  }

  /** Stops a child (with its replicas) for good and forgets it. Resolves when its processes are gone. */
  async remove(name: string): Promise<void> {
    const found = this.#find(name, 'remove');
    await found.core.remove(found.nodes);
  }

  /**
   * Sends `signal` to the processes of every command child, or of `name`'s (a command, its replicas, a nested tree),
   * while they live: the way to pass on SIGHUP to reload, say. Not their groups.
   */
  signal(signal: NodeJS.Signals, name?: string): void {
    const nodes = name === undefined ? this.#core.nodes : this.#find(name, 'signal').nodes;
    this.#core.signalNodes(nodes, signal);
  }

  /**
   * Reopens the log files of every command child, or of `name`'s (a command, its replicas, a nested tree), by path,
   * creating them if they are gone: call it after an outside rotation (`logrotate`'s `postrotate`). See
   * `Supervisor.reopenLogs()` for what it does in each log mode.
   */
  reopenLogs(name?: string): void {
    const nodes = name === undefined ? this.#core.nodes : this.#find(name, 'reopenLogs').nodes;
    this.#core.reopenLogs(nodes);
  }

  /** One frozen entry per command child (each replica; each leaf of a nested tree), in start order. */
  status(): readonly ChildStatus[] {
    return Object.freeze(this.#core.statuses());
  }

  #find(name: string, where: string): NonNullable<ReturnType<TreeCore['find']>> {
    const found = typeof name === 'string' ? this.#core.find(name) : undefined;
    if (!found) {
      const ids = this.status().map((s) => s.id).join(', ');
      throw new InvalidOptionsError(`${where}(): no child ${JSON.stringify(name)} in this tree (children: ${ids || 'none'})`, 'name');
    }
    return found;
  }

  #finish(reason: TreeStopReason, survivors: readonly number[]): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#state = 'stopped';
    const event: TreeStopEvent = Object.freeze(survivors.length > 0 ? { reason, survivors: Object.freeze([...survivors]) } : { reason });
    this.#emit('tree-stop', event);
    this.#resolveDone(event);
  }

  /** Emits to every listener; one that throws does not stop the others nor the tree (see the `error` event). */
  #emit(name: TreeEventName, payload: unknown): void {
    emitReportingErrors(this, name, payload);
  }
}
