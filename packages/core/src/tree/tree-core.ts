import { DaemonkitError, InvalidOptionsError } from '../errors.js';
import { decideTree, initialTreeState } from '../policy/tree/decide.js';
import type { TreeAction, TreeEvent } from '../policy/tree/types.js';
import type { Clock } from '../process/seams.js';
import { fs } from '../process/builtins.js';
import { childEnv } from '../process/child-env.js';
import { openLogFile } from '../process/log-file.js';
import { resolveLogFile } from '../logs/types.js';
import { rethrowLater } from '../supervisor/emit-safely.js';
import { CommandNode } from './command-node.js';
import { childPolicy } from './child-policy.js';
import { replicaOptions, resolveTreeOptions, type ChildRestart, type ChildSpec, type ResolvedTreeOptions } from './options.js';
import type { ChildStatus, ParentLink, TreeNode } from './node.js';

/** How the root hears that its tree has ended: given up, completed, or stopped as asked. */
export interface RootLink extends ParentLink {
  finished(reason: 'requested' | 'giveup' | 'completed', survivors: readonly number[]): void;
}

type Phase = TreeNode['phase'];

/**
 * A tree's children and the shell that applies its decisions: the decisions themselves are `decideTree()`, pure. What
 * happens to the children is handled one operation at a time (a start sequence, a decision, a rolling restart, a stop),
 * so a child that fails while a group restart is under way is decided about afterwards, on the state the group restart
 * left. A report that came before a child was restarted by something else is stale and dropped.
 *
 * The root of a tree ends when it gives up; a nested tree halts its children instead and reports its failure to its
 * parent, which decides with its own strategy and intensity (OTP's escalation).
 */
export class TreeCore implements TreeNode {
  readonly #o: ResolvedTreeOptions;
  readonly #link: ParentLink | RootLink;
  readonly #clock: Clock;
  readonly #nodes: TreeNode[] = [];
  #decision = initialTreeState();
  #phase: Phase = 'idle';
  #up = false;
  #upWaiters: Array<(up: boolean) => void> = [];
  #queue: Promise<unknown> = Promise.resolve();
  /** Resolved when a stop or halt is asked for: the operation under way gives up its waits. Renewed after a halt. */
  #interrupt = deferred();
  #ending = false;
  /** Halts asked for so far: a restart queued before one does not undo it. */
  #haltsAsked = 0;
  /** Started once already: a later start is a restart, from scratch. */
  #started = false;
  readonly #factories = new Map<TreeNode, () => TreeNode>();
  /** `process.env` when this tree was made (or a child added): what its children inherit. */
  #baseEnv: Readonly<Record<string, string>> = childEnv();

  constructor(
    options: ResolvedTreeOptions,
    readonly id: string,
    readonly name: string,
    private readonly restartType: ChildRestart,
    link: ParentLink | RootLink,
    clock: Clock,
  ) {
    this.#o = options;
    this.#link = link;
    this.#clock = clock;
    for (const spec of options.children) this.#nodes.push(...this.#build(spec));
  }

  get phase(): Phase {
    return this.#phase;
  }

  get temporary(): boolean {
    return this.restartType === 'temporary';
  }

  // --- driven by the parent (or, for the root, by SupervisorTree) -------------------------------------------------

  start(): void {
    if (this.#phase !== 'idle') return;
    this.#phase = 'running';
    if (this.#started) this.#afresh();
    this.#started = true;
    void this.#run(() => this.#startAll());
  }

  resume(delayMs = 0): void {
    if (this.#phase !== 'held') return;
    this.#phase = 'running';
    this.#afresh();
    void this.#run(async () => {
      if (delayMs > 0) {
        const sleep = this.#sleep(delayMs);
        const slept = await this.#wait(sleep.promise);
        sleep.cancel();
        if (!slept) return;
      }
      await this.#startAll();
    });
  }

  whenUp(): Promise<boolean> {
    if (this.#up) return Promise.resolve(true);
    if (this.#phase !== 'running') return Promise.resolve(false);
    return new Promise((resolve) => this.#upWaiters.push(resolve));
  }

  halt(): Promise<readonly number[]> {
    if (this.#phase === 'stopped') return Promise.resolve([]);
    this.#haltsAsked += 1;
    this.#interrupt.resolve();
    // At once, not when the halt's turn comes: the operation under way must not start anything more.
    this.#phase = 'idle';
    return this.#run(async () => {
      const survivors = await this.#haltAll();
      if (this.#phase !== 'stopped') this.#phase = 'idle';
      this.#interrupt = deferred();
      return survivors;
    });
  }

  stop(): Promise<readonly number[]> {
    this.#markEnding();
    return this.#run(async () => {
      const survivors = await this.#stopEach(this.#nodes);
      this.#phase = 'stopped';
      this.#settleUp(false);
      return survivors;
    });
  }

  replace(): Promise<void> {
    this.#interrupt.resolve();
    if (this.#phase !== 'stopped') this.#phase = 'idle';
    const asked = this.#haltsAsked;
    return this.#run(async () => {
      await this.#haltAll();
      this.#interrupt = deferred();
      // A halt or stop asked for meanwhile wins: the tree stays down.
      if (this.#ending || this.#phase === 'stopped' || this.#haltsAsked !== asked) return;
      this.#phase = 'running';
      this.#afresh();
      await this.#startAll();
    });
  }

  statuses(): ChildStatus[] {
    return this.#nodes.flatMap((node) => node.statuses());
  }

  /** Opens (and closes) every command child's log file, below nested trees too: one that cannot be opened throws now. */
  checkLogFiles(): void {
    for (const node of this.#nodes) {
      if (node instanceof CommandNode && node.logFile !== undefined) {
        const { path, stderrFile } = resolveLogFile(node.logFile);
        for (const file of stderrFile === undefined ? [path] : [path, stderrFile]) fs().closeSync(openLogFile(file));
      } else if (node instanceof TreeCore) node.checkLogFiles();
    }
  }

  /** Reopens the log files of `nodes` (every command below a nested tree) by path: see `Supervisor.reopenLogs()`. */
  reopenLogs(nodes: readonly TreeNode[]): void {
    for (const node of nodes) {
      if (node instanceof CommandNode) node.supervisor.reopenLogs();
      else if (node instanceof TreeCore) node.reopenLogs(node.#nodes);
    }
  }

  /** Sends `signal` to the processes of `nodes` (every command below a nested tree), while they live. */
  signalNodes(nodes: readonly TreeNode[], signal: NodeJS.Signals): void {
    for (const node of nodes) {
      if (node instanceof CommandNode) node.supervisor.signal(signal);
      else if (node instanceof TreeCore) node.signalNodes(node.#nodes, signal);
    }
  }

  get nodes(): readonly TreeNode[] {
    return this.#nodes;
  }

  // --- operations of the root tree's API -------------------------------------------------------------------------

  /** The children a name or id stands for: a command's replicas (`web`), one replica (`web#1`), a nested path. */
  find(name: string): { core: TreeCore; nodes: TreeNode[] } | undefined {
    const [head, ...rest] = name.split('/');
    if (rest.length > 0) {
      const nested = this.#nodes.find((n) => n.name === head && n instanceof TreeCore);
      return nested instanceof TreeCore ? nested.find(rest.join('/')) : undefined;
    }
    const nodes = this.#nodes.filter((n) => n.name === name || n.id === this.#childId(name));
    return nodes.length > 0 ? { core: this, nodes } : undefined;
  }

  /** Replaces `nodes` at once, or one at a time (rolling), each only once the one before is up. */
  restartNodes(nodes: readonly TreeNode[], rolling: boolean): Promise<void> {
    return this.#run(async () => {
      this.#refuseWhenEnded(`restart ${nodes[0]?.id ?? ''}`);
      if (!rolling) {
        await this.#wait(Promise.all(nodes.map((node) => node.replace())));
        return;
      }
      for (const node of nodes) {
        if (this.#ending) return;
        if (!(await this.#wait(node.replace().then(() => true)))) return;
        if (!(await this.#wait(this.#settled(node)))) {
          if (this.#ending) return;
          throw new DaemonkitError(
            `Rolling restart stopped at ${node.id}: its new run was not up (see its exit event); the replicas after it were not restarted`,
          );
        }
      }
    }, true);
  }

  /** Adds children at the end of the start order and starts them if the tree runs. */
  add(spec: ChildSpec): Promise<readonly string[]> {
    // Checked now, in the caller; added in turn, so that a stop or a give-up asked for earlier comes first.
    const [checked] = resolveTreeOptions({ children: [spec] }).children;
    if (this.#nodes.some((n) => n.name === spec.name)) {
      throw new InvalidOptionsError(`add(): a child is named ${JSON.stringify(spec.name)} already`, 'name');
    }
    this.#baseEnv = childEnv();
    const added = this.#build(checked!);
    return this.#run(async () => {
      if (this.#ending || this.#phase === 'stopped') {
        for (const node of added) this.#factories.delete(node);
        throw new DaemonkitError(`Cannot add ${JSON.stringify(spec.name)}: the tree has stopped`);
      }
      if (this.#nodes.some((n) => n.name === spec.name)) {
        for (const node of added) this.#factories.delete(node);
        throw new DaemonkitError(`Cannot add ${JSON.stringify(spec.name)}: a child has that name already`);
      }
      this.#nodes.push(...added);
      if (this.#phase === 'running') {
        for (const node of added) {
          if (!(await this.#begin(node))) break;
          await this.#wait(node.whenUp());
        }
      }
      return added.map((n) => n.id);
    }, true);
  }

  /** Stops `nodes` for good, last started first, and forgets them. */
  remove(nodes: readonly TreeNode[]): Promise<readonly number[]> {
    return this.#run(async () => {
      this.#refuseWhenEnded(`remove ${nodes[0]?.id ?? ''}`);
      // Those removed meanwhile (a remove asked for twice) are gone already.
      const present = nodes.filter((node) => this.#nodes.includes(node));
      const survivors = await this.#stopEach(present);
      for (const node of present) {
        this.#nodes.splice(this.#nodes.indexOf(node), 1);
        this.#factories.delete(node);
      }
      // What is left may all have stopped for good: the tree is complete, as it would be had they just stopped.
      if (this.#phase === 'running' && this.#nodes.length > 0 && this.#nodes.every((n) => n.phase === 'stopped')) this.#complete();
      return survivors;
    }, true);
  }

  // --- decisions ---------------------------------------------------------------------------------------------------

  /** A child's report, decided about in turn. */
  #report(event: TreeEvent, from: TreeNode): void {
    void this.#run(() => this.#decide(event, from));
  }

  async #decide(event: TreeEvent, node: TreeNode): Promise<void> {
    // Stale: the child was removed or made anew, or restarted, halted or stopped by something else since it reported.
    if (!this.#nodes.includes(node) || this.#ending || this.#phase !== 'running') return;
    if (event.kind === 'restart-wanted' ? node.phase !== 'held' : node.phase !== 'stopped') return;
    const model = {
      strategy: this.#o.strategy,
      intensity: this.#o.intensity,
      children: this.#nodes.map((n) => ({
        id: n.id,
        status: n.phase === 'stopped' ? ('stopped' as const) : ('running' as const),
        ...(n.temporary ? { temporary: true } : {}),
      })),
    };
    const step = decideTree(model, this.#decision, event, this.#clock.now());
    this.#decision = step.state;
    await this.#apply(step.action);
  }

  async #apply(action: TreeAction): Promise<void> {
    switch (action.type) {
      case 'none':
        return;
      case 'complete':
        return this.#complete();
      case 'giveup':
        return this.#giveUp(action.trigger, action.reason);
      case 'restart': {
        if (action.group) {
          this.#link.emitTree('group-restart', Object.freeze({ tree: this.id, trigger: action.trigger, children: Object.freeze([...action.start]), strategy: this.#o.strategy }));
        }
        // Halted to be started again, or, for a temporary sibling (not in `start`), stopped for good.
        await this.#each(this.#byIds(action.stop), (node) => (action.start.includes(node.id) ? node.halt() : node.stop()));
        const starting = this.#byIds(action.start);
        for (const [i, node] of starting.entries()) {
          if (this.#ending || this.#phase !== 'running') return;
          if (!(await this.#begin(node))) return;
          // Up before the next starts; the last one need not hold up the tree (a one-for-one restart's backoff would
          // make every other child's failure wait).
          if (i < starting.length - 1) await this.#wait(node.whenUp());
        }
        return;
      }
    }
  }

  async #giveUp(trigger: string, reason: string): Promise<void> {
    this.#link.emitTree('tree-giveup', Object.freeze({ tree: this.id, reason, trigger }));
    const root = 'finished' in this.#link;
    if (root || this.restartType !== 'permanent') {
      // The root ends. A transient or temporary nested tree ends too: as in OTP, a supervisor that gives up ends with
      // `shutdown`, a normal end for such a child. Either way nothing will restart its children: they stop for good.
      this.#ending = true;
      const survivors = await this.#stopEach(this.#nodes);
      this.#phase = 'stopped';
      this.#settleUp(false);
      if ('finished' in this.#link) this.#link.finished('giveup', survivors);
      else this.#link.report({ kind: 'child-stopped', child: this.id, reason: 'completed', detail: `gave up (${this.restartType}): ${reason}` });
      return;
    }
    // A permanent nested tree fails as a child of its parent, which decides whether and when it starts again.
    await this.#haltAll();
    this.#phase = 'held';
    this.#settleUp(false);
    this.#link.report({ kind: 'restart-wanted', child: this.id, delayMs: 0, reason: `gave up: ${reason}` });
  }

  #complete(): void {
    this.#phase = 'stopped';
    this.#settleUp(false);
    if ('finished' in this.#link) this.#link.finished('completed', []);
    else this.#link.report({ kind: 'child-stopped', child: this.id, reason: 'completed', detail: 'every child completed' });
  }

  // --- helpers ---------------------------------------------------------------------------------------------------

  /**
   * A tree restarted as a whole (by its parent) starts afresh, as a restarted OTP supervisor does: no restart history,
   * and children that had stopped for good (gave up, or completed) are made anew.
   */
  #afresh(): void {
    this.#decision = initialTreeState();
    this.#nodes.forEach((node, i) => {
      if (node.phase !== 'stopped') return;
      const make = this.#factories.get(node)!;
      const fresh = make();
      this.#factories.delete(node);
      this.#factories.set(fresh, make);
      this.#nodes[i] = fresh;
    });
  }

  async #startAll(): Promise<void> {
    for (const node of this.#nodes) {
      if (this.#ending || this.#phase !== 'running') return;
      // Idle, or held: failed while this tree was halted, its report dropped then; started with the rest now.
      if (node.phase !== 'idle' && node.phase !== 'held') continue;
      if (!(await this.#begin(node))) return;
      await this.#wait(node.whenUp());
    }
    if (this.#phase === 'running' && !this.#ending) {
      this.#up = true;
      this.#settleUp(true);
    }
  }

  async #haltAll(): Promise<readonly number[]> {
    this.#up = false;
    this.#settleUp(false);
    return this.#each(this.#nodes.slice().reverse(), (node) => (node.phase === 'running' || node.phase === 'held' ? node.halt() : []));
  }

  /** Up when ready (or spawned), or, without readiness, still the same run after the settle time. */
  async #settled(node: TreeNode): Promise<boolean> {
    if (!(node instanceof CommandNode) || node.readiness) return node.whenUp();
    if (!(await node.whenUp())) return false;
    const { supervisor } = node;
    let onExit!: () => void;
    const ended = new Promise<boolean>((resolve) => (onExit = () => resolve(false)));
    supervisor.once('exit', onExit);
    const sleep = this.#sleep(this.#o.rollingSettleMs);
    try {
      return await Promise.race([sleep.promise, ended]);
    } finally {
      supervisor.off('exit', onExit);
      sleep.cancel();
    }
  }

  /**
   * One operation at a time, in the order asked for. An operation asked for by a caller (`callerFacing`) rejects its
   * own promise when it fails; any other failure, a bug, surfaces as an uncaught exception on the next tick.
   */
  #run<T>(operation: () => Promise<T>, callerFacing = false): Promise<T> {
    const result = this.#queue.then(operation);
    this.#queue = result.catch((error: unknown) => {
      if (!callerFacing) rethrowLater(error);
    });
    return result;
  }

  /**
   * Starts (or, when held, resumes) a child. One that cannot be started at all (its log file cannot be opened)
   * gives the tree up, naming it: that does not fix itself. False then.
   */
  async #begin(node: TreeNode): Promise<boolean> {
    try {
      // By its phase: the trigger is held (its wanted restart is carried out), a halted sibling idle; a sibling that
      // failed meanwhile is held too, and one restarted by something else runs already.
      if (node.phase === 'held') node.resume();
      else if (node.phase === 'idle') node.start();
      return true;
    } catch (error) {
      await this.#giveUp(node.id, `${node.id} could not be started: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  /** Stops this tree's operations from starting anything, now: its own and, at once too, its nested trees'. */
  #markEnding(): void {
    this.#ending = true;
    this.#interrupt.resolve();
    for (const node of this.#nodes) if (node instanceof TreeCore) node.#markEnding();
  }

  #refuseWhenEnded(what: string): void {
    if (this.#ending || this.#phase === 'stopped') throw new DaemonkitError(`Cannot ${what}: the tree ${this.id ? `${this.id} ` : ''}has stopped`);
  }

  /** Waits for `promise`, unless a stop or halt is asked for meanwhile: then false. */
  #wait<T>(promise: Promise<T>): Promise<T | false> {
    return Promise.race([promise, this.#interrupt.promise]);
  }

  /** A wait on the clock, which can be cancelled so that no timer outlives its use. */
  #sleep(ms: number): { promise: Promise<true>; cancel(): void } {
    let handle: unknown;
    const promise = new Promise<true>((resolve) => (handle = this.#clock.setTimeout(() => resolve(true), ms)));
    return { promise, cancel: () => this.#clock.clearTimeout(handle) };
  }

  #settleUp(up: boolean): void {
    for (const resolve of this.#upWaiters.splice(0)) resolve(up);
  }

  /** Stops `nodes` for good, last started first, one at a time; those stopped already are passed over. */
  #stopEach(nodes: readonly TreeNode[]): Promise<readonly number[]> {
    return this.#each(nodes.slice().reverse(), (node) => (node.phase === 'stopped' ? [] : node.stop()));
  }

  async #each(nodes: readonly TreeNode[], act: (node: TreeNode) => Promise<readonly number[]> | readonly number[]): Promise<readonly number[]> {
    const survivors: number[] = [];
    for (const node of nodes) survivors.push(...(await act(node)));
    return survivors;
  }

  #byIds(ids: readonly string[]): TreeNode[] {
    return ids.flatMap((id) => this.#nodes.filter((n) => n.id === id));
  }

  #childId(name: string): string {
    return this.id ? `${this.id}/${name}` : name;
  }

  #build(spec: ChildSpec): TreeNode[] {
    // Each child reports through its own link, so that a report is tied to that very node (not to its id, which a
    // child made anew shares).
    const linkFor = (node: () => TreeNode | undefined): ParentLink => ({
      emitChild: (name, payload) => this.#link.emitChild(name, payload),
      emitTree: ((name: 'group-restart' | 'tree-giveup', payload: never) => this.#link.emitTree(name as never, payload)) as ParentLink['emitTree'],
      report: (event) => {
        const from = node();
        if (from) this.#report(event, from);
      },
    });
    const id = this.#childId(spec.name);
    let makers: Array<() => TreeNode>;
    if ('tree' in spec) {
      // A nested tree uses its parent's seams unless it has its own.
      const { spawner, clock } = this.#o;
      const options = resolveTreeOptions({
        ...spec.tree,
        ...(spec.tree.spawner === undefined && spawner !== undefined ? { spawner } : {}),
        ...(spec.tree.clock === undefined && clock !== undefined ? { clock } : {}),
      });
      makers = [
        () => {
          let made: TreeNode | undefined;
          made = new TreeCore(options, id, spec.name, spec.restart ?? 'permanent', linkFor(() => made), options.clock ?? this.#clock);
          return made;
        },
      ];
    } else {
      const count = spec.instances;
      makers = Array.from({ length: count ?? 1 }, (_, i) => {
        const instance = count === undefined ? undefined : i;
        const options = replicaOptions(spec, instance, this.#o, childPolicy, this.#baseEnv);
        const replicaId = instance === undefined ? id : `${id}#${i}`;
        return () => {
          try {
            let made: TreeNode | undefined;
            made = new CommandNode(replicaId, spec.name, options, linkFor(() => made), spec.restart === 'temporary');
            return made;
          } catch (error) {
            // The Supervisor names the option; say which child it belongs to.
            if (!(error instanceof InvalidOptionsError)) throw error;
            const message = error.message.replace(/^new Supervisor\(\): /, '');
            throw new InvalidOptionsError(`new SupervisorTree(): child ${JSON.stringify(replicaId)}: ${message}`, `${replicaId}.${error.option}`);
          }
        };
      });
    }
    return makers.map((make) => {
      const node = make();
      this.#factories.set(node, make);
      return node;
    });
  }

}

function deferred(): { promise: Promise<false>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<false>((r) => (resolve = () => r(false)));
  return { promise, resolve };
}
