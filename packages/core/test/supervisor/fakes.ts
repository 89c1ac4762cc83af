import type { ChildHandle, ChildHooks, Clock, ExitOutcome, SpawnSpec, Spawner } from '@daemonkit/core';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/** A clock whose time moves only when the test says so; due timers run in time order. */
export class FakeClock implements Clock {
  time = 1_000_000;
  #timers: Timer[] = [];
  #nextId = 1;

  now = (): number => this.time;

  setTimeout = (callback: () => void, ms: number): number => {
    const id = this.#nextId++;
    this.#timers.push({ id, at: this.time + ms, callback });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  };

  /** Pending timer delays from now, in ms. */
  get pending(): number[] {
    return this.#timers.map((t) => t.at - this.time).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = end;
  }

  /** Runs the earliest pending timer, moving time to it; false when none is pending. */
  runNext(): boolean {
    const due = [...this.#timers].sort((a, b) => a.at - b.at || a.id - b.id)[0];
    if (!due) return false;
    this.#timers = this.#timers.filter((t) => t !== due);
    this.time = Math.max(this.time, due.at);
    due.callback();
    return true;
  }
}

/** A child the test ends by hand. */
export class FakeChild implements ChildHandle {
  readonly signals: string[] = [];
  readonly stdout = null;
  readonly stderr = null;
  /** Members of its group that survive it (grandchildren it left behind), after it exited. */
  survivors = 0;
  #exited = false;

  constructor(
    readonly pid: number | undefined,
    readonly spec: SpawnSpec,
    private readonly hooks: ChildHooks,
  ) {}

  get exited(): boolean {
    return this.#exited;
  }

  signal(signal: NodeJS.Signals): void {
    this.signals.push(signal);
    this.log.push(`signal:${signal}`);
  }

  signalProcess(signal: NodeJS.Signals): void {
    this.log.push(`process:${signal}`);
  }

  /** Messages the supervisor sent over the (fake) IPC channel, in order, interleaved with signals in `log`. */
  readonly sent: unknown[] = [];
  readonly log: string[] = [];

  send(message: unknown): boolean {
    this.sent.push(message);
    this.log.push(`message:${JSON.stringify(message)}`);
    return true;
  }

  /** The worker sends `message` to the supervisor. */
  message(message: unknown): void {
    this.hooks.onMessage?.(message);
  }

  groupAlive(): boolean {
    return this.groupMembers().length > 0;
  }

  groupMembers(): number[] {
    if (this.pid === undefined) return [];
    const leader = this.#exited ? [] : [this.pid];
    return [...leader, ...Array.from({ length: this.survivors }, (_, i) => this.pid! * 100 + i + 1)];
  }

  exit(outcome: ExitOutcome, lateByMs?: number): void {
    if (this.#exited) throw new Error('FakeChild exited twice');
    this.#exited = true;
    this.hooks.onExit(outcome, lateByMs);
  }
}

/** Records every spawn; `failNext` makes the next spawn fail as a missing command would. */
export class FakeSpawner implements Spawner {
  readonly children: FakeChild[] = [];
  #nextPid = 100;
  #failNext = false;
  /** Every spawn fails while this is set. */
  failAll = false;

  failNext(): void {
    this.#failNext = true;
  }

  spawn(spec: SpawnSpec, hooks: ChildHooks): FakeChild {
    const pid = this.#failNext || this.failAll ? undefined : this.#nextPid++;
    this.#failNext = false;
    const child = new FakeChild(pid, spec, hooks);
    this.children.push(child);
    return child;
  }

  get last(): FakeChild {
    const child = this.children.at(-1);
    if (!child) throw new Error('nothing was spawned');
    return child;
  }
}
