import type { Socket } from 'node:net';
import { EventEmitter } from 'eventemitter3';
import { DaemonkitError } from '../errors.js';
import { DEFAULT_MAX_BUFFERED_EVENTS } from '../supervisor/event-stream.js';
import type { EventsDropped } from '../supervisor/events.js';
import type { TreeEvents } from '../tree/events.js';
import { goneWithin, identityOf, type ProcessIdentity } from '../process/process-identity.js';
import { AsyncQueue } from './async-queue.js';
import type { DaemonReport } from './server.js';
import { createLineReader } from './line-reader.js';
import { encodeLine, MAX_LINE_BYTES, parseGreeting, type ErrorBody, type Greeting } from './protocol.js';
import { proveGuard } from './pid-file.js';
import { daemonPaths, pathsBeside, socketAddress, stateHome } from './state-home.js';
import { REMOTE_EVENT_NAMES } from './target.js';
import { eventFromWire } from './wire-events.js';

const net = () => process.getBuiltinModule('node:net');

/** Where to find a running daemon: by name (in `home`, default the state folder), by its pid file, or by its socket. */
export type ConnectTarget =
  | { readonly name: string; readonly home?: string }
  | { readonly pidFile: string }
  | { readonly socket: string };

export interface ConnectOptions {
  /** How long to wait for the greeting, in ms. Default 5000. */
  readonly timeoutMs?: number;
}

/** The guard answered a request with an error. */
export class RemoteError extends DaemonkitError {
  override name = 'RemoteError';
  constructor(
    readonly code: ErrorBody['code'] | 'closed',
    message: string,
  ) {
    super(message);
  }
}

/** Nothing answers where a daemon was looked for. */
export class NotRunningError extends DaemonkitError {
  override name = 'NotRunningError';
  constructor(
    message: string,
    readonly socket: string,
    /** @internal Nothing listens there (no socket file, or connection refused). */
    readonly refused = false,
  ) {
    super(message);
  }
}

/** The events of a remote daemon: the tree's (same payloads, spawn's streams null), and the connection's end. */
export type RemoteEvents = Omit<TreeEvents, 'error' | 'output'> & {
  /** The connection closed: the guard exited, or close() was called. */
  close: () => void;
  /** The guard dropped this client's subscription (it read too slowly). */
  dropped: (notice: { readonly message: string }) => void;
};

export type RemoteEventName = Exclude<keyof RemoteEvents, 'close' | 'dropped'>;

/** One remote event as a value, from `events()`. */
export type RemoteEvent = { [K in RemoteEventName]: { readonly type: K; readonly payload: Parameters<RemoteEvents[K]>[0] } }[RemoteEventName];

interface Pending {
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly onLine?: (line: string) => void;
}

interface Located {
  readonly socket: string;
  readonly where: string;
  /** The pid file, when the socket was found through one: a guard it proves alive may still be starting. */
  readonly pidFile?: string;
}

const locate = (target: ConnectTarget): Located => {
  if ('socket' in target) return { socket: target.socket, where: `the socket ${target.socket}` };
  if ('pidFile' in target) {
    const proof = proveGuard(target.pidFile);
    const socket = proof.running && proof.record.socket ? proof.record.socket : pathsBeside(target.pidFile).socket;
    return { socket, where: `the socket ${socket} (from pidFile ${target.pidFile})`, pidFile: target.pidFile };
  }
  const paths = daemonPaths(target.name, target.home === undefined ? {} : { home: target.home });
  const home = target.home ?? stateHome();
  return { socket: paths.socket, where: `the socket ${paths.socket} (daemon ${JSON.stringify(target.name)} in ${home})`, pidFile: paths.pidFile };
};

/** How often connect() tries again while a guard proven by its pid file has not opened its socket yet. */
const RETRY_MS = 20;

/** Lines `tail()` keeps for a reader that falls behind. */
const MAX_BUFFERED_LINES = 10_000;

/**
 * Connects to a running daemon's control socket and resolves once the guard has greeted. A guard that its pid file
 * proves alive but that is still starting (daemon()'s launcher returns before the guard listens) is waited for, up to
 * `timeoutMs`. Rejects with a NotRunningError naming where it looked when nothing answers there.
 *
 * @example
 * const remote = await connect({ name: 'api' });
 * remote.on('crash', ({ child, run }) => console.log(child, run.outcome));
 * console.table((await remote.status()).children);
 */
export async function connect(target: ConnectTarget, options: ConnectOptions = {}): Promise<RemoteDaemon> {
  const located = locate(target);
  const timeoutMs = options.timeoutMs ?? 5000;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt(located, Math.max(1, deadline - performance.now()));
    } catch (error) {
      const starting = error instanceof NotRunningError && error.refused && located.pidFile !== undefined && proveGuard(located.pidFile).running;
      if (!starting || performance.now() + RETRY_MS > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}

function attempt({ socket: path, where }: Located, timeoutMs: number): Promise<RemoteDaemon> {
  const socket = net().connect(socketAddress(path));
  return new Promise<RemoteDaemon>((resolve, reject) => {
    let remote: RemoteDaemon | undefined;
    const timer = setTimeout(() => fail(new NotRunningError(`No daemon greeted within ${Math.round(timeoutMs)} ms on ${where}`, path)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (remote) return;
      const refused = error.code === 'ENOENT' || error.code === 'ECONNREFUSED';
      fail(new NotRunningError(`No daemon answers on ${where}: ${refused ? 'nothing is running there' : error.message}`, path, refused));
    });
    const read = createLineReader(
      MAX_LINE_BYTES,
      (line) => {
        if (remote) return remote._receive(line);
        const greeting = parseGreeting(line);
        if (!greeting) return fail(new NotRunningError(`What answers on ${where} is not a daemonkit guard`, path));
        clearTimeout(timer);
        remote = new RemoteDaemon(socket, greeting);
        resolve(remote);
      },
      () => socket.destroy(new Error(`the guard sent a line over ${MAX_LINE_BYTES} bytes`)),
    );
    socket.on('data', read);
  });
}

/** A connection to a daemon's guard: requests, live events, and the log's tail. Created by `connect()`. */
export class RemoteDaemon extends EventEmitter<RemoteEvents> {
  /** Resolves when the connection has closed. */
  readonly closed: Promise<void>;
  readonly #socket: Socket;
  readonly #pending = new Map<number, Pending>();
  readonly #streams = new Map<number, (message: Record<string, unknown>) => void>();
  #nextId = 1;
  #subscribed = false;
  #isClosed = false;
  // Taken while the guard is known to live (it just greeted): stop() waits until that process, not its pid, is gone.
  readonly #identity: ProcessIdentity | undefined;

  /** @internal */
  constructor(
    socket: Socket,
    readonly greeting: Greeting,
  ) {
    super();
    this.#socket = socket;
    this.#identity = identityOf(greeting.pid);
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.#isClosed = true;
        for (const pending of this.#pending.values()) pending.reject(new RemoteError('closed', 'the connection to the guard closed'));
        this.#pending.clear();
        for (const stream of this.#streams.values()) stream({ closed: true });
        this.#streams.clear();
        this.emit('close');
        resolve();
      });
    });
    socket.on('error', () => {});
  }

  /** The guard and each child: state, pid, attempt, restarts, failures in a row, last exit, uptime, readiness, memory. */
  status(): Promise<DaemonReport> {
    return this.#request('status', {}) as Promise<DaemonReport>;
  }

  /**
   * Stops every child and the guard, and resolves once the guard and every child are gone (the guard proven gone by
   * pid and start time). Rejects if the guard still runs `timeoutMs` (default 30 s) after its children stopped.
   */
  async stop(options: { readonly timeoutMs?: number } = {}): Promise<{ readonly reason?: string; readonly survivors?: readonly number[] }> {
    const result = (await this.#request('stop', {})) as { reason?: string; survivors?: readonly number[] };
    await this.#guardGone(options.timeoutMs ?? 30_000);
    return result;
  }

  /** Replaces a child (`web`, `web#1`, `jobs/mailer`), or every child; `rolling` replaces replicas one at a time. */
  async restart(child?: string, options: { readonly rolling?: boolean } = {}): Promise<void> {
    await this.#request('restart', { ...(child !== undefined ? { child } : {}), ...(options.rolling ? { rolling: true } : {}) });
  }

  /** Sends `signal` to a child's processes, or to every child's. */
  async signal(signal: NodeJS.Signals, child?: string): Promise<void> {
    await this.#request('signal', { signal, ...(child !== undefined ? { child } : {}) });
  }

  /** Reopens every log file by its path (after logrotate moved it). */
  async reopenLogs(): Promise<void> {
    await this.#request('reopen-logs', {});
  }

  /** Resolves once every child has spawned (with `ready`, once those with readiness are ready); rejects on a failure to start. */
  async waitUp(options: { readonly ready?: boolean } = {}): Promise<void> {
    await this.#request('wait-up', options.ready ? { ready: true } : {});
  }

  /** The last `lines` lines of a child's log (default: the first child's), then, with `follow`, each new one. */
  tail(options: { readonly lines?: number; readonly follow?: boolean; readonly child?: string } = {}): AsyncIterableIterator<string> {
    const params = { lines: options.lines ?? 50, follow: options.follow === true, ...(options.child !== undefined ? { child: options.child } : {}) };
    const id = this.#nextId++;
    // A reader far behind a followed log loses the oldest lines, and is told how many in their place.
    const queue = new AsyncQueue<string>(MAX_BUFFERED_LINES, (count) => `[daemonkit: ${count} lines not shown: the reader fell behind]`);
    this.#streams.set(id, (message) => {
      if (typeof message.line === 'string') queue.push(message.line);
      else queue.end(message.error ? new RemoteError((message.error as ErrorBody).code, (message.error as ErrorBody).message) : undefined);
      if (!('line' in message)) this.#streams.delete(id);
    });
    this.#send({ id, method: 'tail', params });
    return queue.iterate(() => {
      if (this.#streams.delete(id) && !this.#isClosed) this.#send({ id: this.#nextId++, method: 'unsubscribe', params: { subscription: id } });
    });
  }

  /** Every remote event, in order, until the guard's tree stops or the connection closes. Bounded: see `dropped`. */
  events(options: { readonly maxBuffered?: number } = {}): AsyncIterableIterator<RemoteEvent | EventsDropped> {
    const id = this.#nextId++;
    const queue = new AsyncQueue<RemoteEvent | EventsDropped>(options.maxBuffered ?? DEFAULT_MAX_BUFFERED_EVENTS, (count) =>
      Object.freeze({ type: 'dropped', payload: Object.freeze({ count }) }),
    );
    this.#streams.set(id, (message) => {
      if (typeof message.event === 'string') {
        queue.push({ type: message.event, payload: eventFromWire(message.event, message.data as Record<string, unknown>) } as RemoteEvent);
        if (message.event === 'tree-stop') queue.end();
      } else if (message.notice === 'dropped' || message.closed || message.error) queue.end();
    });
    this.#send({ id, method: 'subscribe', params: {} });
    return queue.iterate(() => {
      if (this.#streams.delete(id) && !this.#isClosed) this.#send({ id: this.#nextId++, method: 'unsubscribe', params: { subscription: id } });
    });
  }

  /** Closes the connection; the daemon runs on. */
  close(): void {
    this.#socket.end();
    this.#socket.destroySoon?.();
  }

  // Listening to a remote event subscribes this connection to the guard's events, once.
  override on<T extends EventEmitter.EventNames<RemoteEvents>>(event: T, fn: EventEmitter.EventListener<RemoteEvents, T>, context?: unknown): this {
    this.#ensureSubscribed(event as string);
    return super.on(event, fn, context);
  }

  override once<T extends EventEmitter.EventNames<RemoteEvents>>(event: T, fn: EventEmitter.EventListener<RemoteEvents, T>, context?: unknown): this {
    this.#ensureSubscribed(event as string);
    return super.once(event, fn, context);
  }

  override addListener<T extends EventEmitter.EventNames<RemoteEvents>>(event: T, fn: EventEmitter.EventListener<RemoteEvents, T>, context?: unknown): this {
    return this.on(event, fn, context);
  }

  #ensureSubscribed(event: string): void {
    if (this.#subscribed || !REMOTE_EVENT_NAMES.includes(event) || this.#isClosed) return;
    this.#subscribed = true;
    const id = this.#nextId++;
    this.#streams.set(id, (message) => {
      if (typeof message.event === 'string') {
        (this.emit as (e: string, p: unknown) => boolean)(message.event, eventFromWire(message.event, message.data as Record<string, unknown>));
      } else if (message.notice === 'dropped') this.emit('dropped', { message: String(message.message) });
    });
    this.#send({ id, method: 'subscribe', params: {} });
  }

  /** @internal One line from the guard. */
  _receive(line: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const id = message.id as number;
    const stream = this.#streams.get(id);
    if (stream && ('event' in message || 'line' in message || 'notice' in message)) return stream(message);
    const pending = this.#pending.get(id);
    if (pending) {
      this.#pending.delete(id);
      if (message.error) {
        const { code, message: text } = message.error as ErrorBody;
        pending.reject(new RemoteError(code, text));
      } else pending.resolve(message.result);
      return;
    }
    if (stream) stream(message);
  }

  #request(method: string, params: Record<string, unknown>): Promise<unknown> {
    if (this.#isClosed) return Promise.reject(new RemoteError('closed', 'the connection to the guard is closed'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#send({ id, method, params });
    });
  }

  #send(message: unknown): void {
    this.#socket.write(encodeLine(message));
  }

  async #guardGone(timeoutMs: number): Promise<void> {
    await this.closed;
    if (this.#identity && !(await goneWithin(this.#identity, timeoutMs))) {
      throw new DaemonkitError(`The guard (pid ${this.greeting.pid}) still runs ${timeoutMs} ms after its children stopped`);
    }
  }
}
