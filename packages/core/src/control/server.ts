import type { Server, Socket } from 'node:net';
import { DaemonkitError } from '../errors.js';
import { isSignalName } from '../options/field-schemas.js';
import { fs } from '../process/builtins.js';
import { ChildTracker, type ChildReport } from './child-tracker.js';
import { createLineReader } from './line-reader.js';
import { encodeLine, MAX_LINE_BYTES, parseRequest, type ErrorBody, type Greeting, type Request } from './protocol.js';
import { socketAddress } from './state-home.js';
import { REMOTE_EVENT_NAMES, type ControlTarget } from './target.js';
import { eventToWire, wallClockIso } from './wire-events.js';

const net = () => process.getBuiltinModule('node:net');

/** Bytes queued to a client that does not read before its subscriptions are dropped (with a notice). */
export const MAX_QUEUED_BYTES = 1024 * 1024;
/** Bytes queued to a client that does not read before it is disconnected. */
const MAX_QUEUED_BYTES_HARD = 4 * MAX_QUEUED_BYTES;
/** Connections served at once; more are refused by the kernel's backlog and Node's limit. */
export const MAX_CONNECTIONS = 128;
/** How long a closing guard waits for a client to take its last lines before it cuts the connection. */
const CLOSE_GRACE_MS = 1000;

/** The guard's answer to `status`. */
export interface DaemonReport {
  readonly guard: {
    readonly pid: number;
    readonly name: string;
    readonly startedAt: string;
    readonly uptimeMs: number;
    readonly version: string;
    /** The tree's state: running, stopping, stopped. */
    readonly state: string;
  };
  readonly children: readonly ChildReport[];
}

export interface ControlServerOptions {
  readonly socketPath: string;
  readonly greeting: Greeting;
  readonly target: ControlTarget;
  /** The guard's clock (the supervisors' clock): instants in events are on its scale. */
  readonly now: () => number;
  /** Where a child's output goes (for status and tail). */
  readonly logFileOf: (child: string) => string | undefined;
  /** Whether a child reports readiness (notifyReady()), so that `wait-up` with `ready` waits for it. */
  readonly hasReadiness: (child: string) => boolean;
  /** Serves `tail`: writes lines with `send` until done (or, following, until `signal` aborts). */
  readonly tail: (params: { child: string | undefined; lines: number; follow: boolean }, send: (line: string) => void, signal: AbortSignal) => Promise<void>;
}

export interface ControlServer {
  readonly address: string;
  /** Stops listening, tells each client the guard is going away, and closes every connection. */
  close(): Promise<void>;
  report(): DaemonReport;
}

type Handler = (request: Request, client: Client) => Promise<unknown> | unknown;

interface Client {
  readonly socket: Socket;
  readonly subscriptions: Map<string | number, () => void>;
  send(message: unknown): void;
}

class RequestError extends Error {
  constructor(
    readonly code: ErrorBody['code'],
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new RequestError('invalid-params', message);

function optionalString(params: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw invalid(`\`${key}\` must be a non-empty string; received ${JSON.stringify(value)}`);
  return value;
}

/**
 * Listens on the control socket. A socket file left by a dead guard is replaced; one that answers means another guard
 * runs there, and this throws. The socket is created with mode 0600 (umask), in a folder that only the owner can write.
 */
export async function listenControl(options: ControlServerOptions): Promise<ControlServer> {
  const address = socketAddress(options.socketPath);
  if (process.platform !== 'win32') await prepareSocketPath(options.socketPath);
  const tracker = new ChildTracker();
  const detachTracker = options.target.subscribe((name, payload) => tracker.record(name, payload.child as string, payload));
  const clients = new Set<Client>();
  const startedAt = options.now();

  const iso = (t: number) => wallClockIso(t, options.now(), Date.now());
  const report = (): DaemonReport => {
    const now = options.now();
    return {
      guard: {
        pid: options.greeting.pid,
        name: options.greeting.name,
        startedAt: options.greeting.startedAt,
        uptimeMs: Math.round(now - startedAt),
        version: options.greeting.version,
        state: options.target.state,
      },
      children: options.target.statuses().map((status) => tracker.report(status, now, iso, options.logFileOf(status.id))),
    };
  };

  const handlers: Record<Request['method'], Handler> = {
    status: () => report(),
    stop: async () => {
      const stopped = (await options.target.stop()) as { reason?: string; survivors?: readonly number[] } | undefined;
      return { stopped: true, ...(stopped?.reason ? { reason: stopped.reason } : {}), ...(stopped?.survivors ? { survivors: stopped.survivors } : {}) };
    },
    restart: async ({ params }) => {
      const child = optionalString(params, 'child');
      if (params.rolling !== undefined && typeof params.rolling !== 'boolean') throw invalid(`\`rolling\` must be a boolean; received ${JSON.stringify(params.rolling)}`);
      await options.target.restart(child, params.rolling === true);
      return {};
    },
    signal: ({ params }) => {
      const signal = params.signal;
      if (typeof signal !== 'string' || !isSignalName(signal)) throw invalid(`\`signal\` must be a signal name such as "SIGHUP"; received ${JSON.stringify(signal)}`);
      options.target.signal(signal as NodeJS.Signals, optionalString(params, 'child'));
      return {};
    },
    'reopen-logs': () => {
      options.target.reopenLogs();
      return {};
    },
    subscribe: ({ id }, client) => {
      if (client.subscriptions.has(id)) throw invalid(`a subscription with id ${JSON.stringify(id)} exists`);
      const detach = options.target.subscribe((event, payload) => {
        client.send({ id, event, data: eventToWire(event, payload, iso) });
      });
      client.subscriptions.set(id, detach);
      return { subscribed: REMOTE_EVENT_NAMES };
    },
    unsubscribe: ({ params }, client) => {
      const target = params.subscription;
      const detach = typeof target === 'string' || typeof target === 'number' ? client.subscriptions.get(target) : undefined;
      if (!detach) throw invalid(`no subscription ${JSON.stringify(target)} on this connection`);
      detach();
      client.subscriptions.delete(target as string | number);
      return {};
    },
    tail: async ({ id, params }, client) => {
      const lines = params.lines ?? 50;
      if (!Number.isSafeInteger(lines) || (lines as number) < 0 || (lines as number) > 100_000) {
        throw invalid(`\`lines\` must be an integer from 0 to 100000; received ${JSON.stringify(lines)}`);
      }
      const follow = params.follow === true;
      const child = optionalString(params, 'child');
      const abort = new AbortController();
      if (follow) client.subscriptions.set(id, () => abort.abort());
      try {
        await options.tail({ child, lines: lines as number, follow }, (line) => client.send({ id, line }), abort.signal);
      } finally {
        client.subscriptions.delete(id);
      }
      return { end: true };
    },
    'wait-up': ({ params }) => waitUp(options.target, tracker, (child) => params.ready === true && options.hasReadiness(child)),
  };

  const server: Server = net().createServer((socket) => serve(socket));
  server.maxConnections = MAX_CONNECTIONS;

  function serve(socket: Socket): void {
    const client: Client = {
      socket,
      subscriptions: new Map(),
      send(message) {
        if (socket.destroyed || !socket.writable) return;
        socket.write(encodeLine(message));
        if (socket.writableLength > MAX_QUEUED_BYTES_HARD) {
          socket.destroy();
        } else if (socket.writableLength > MAX_QUEUED_BYTES && client.subscriptions.size > 0) {
          dropSubscriptions(client, `the client read too slowly: over ${MAX_QUEUED_BYTES} bytes were waiting`);
        }
      },
    };
    clients.add(client);
    socket.on('error', () => {});
    socket.on('close', () => {
      dropSubscriptions(client);
      clients.delete(client);
    });
    const read = createLineReader(
      MAX_LINE_BYTES,
      (line) => void handle(line, client),
      () => {
        client.send({ id: null, error: { code: 'line-too-long', message: `a request line is at most ${MAX_LINE_BYTES} bytes` } });
        socket.end();
        socket.pause();
      },
    );
    socket.on('data', read);
    client.send(options.greeting);
  }

  async function handle(line: string, client: Client): Promise<void> {
    if (line.trim() === '') return;
    const parsed = parseRequest(line);
    if (!parsed.ok) {
      client.send({ id: parsed.id, error: parsed.error });
      return;
    }
    const { request } = parsed;
    try {
      const answer = handlers[request.method](request, client);
      // A synchronous answer (status, signal) goes out in this turn, without a trip through the microtask queue.
      const result = answer instanceof Promise ? await answer : answer;
      client.send({ id: request.id, result });
    } catch (error) {
      const code = error instanceof RequestError ? error.code : error instanceof TypeError ? 'invalid-params' : 'failed';
      client.send({ id: request.id, error: { code, message: error instanceof Error ? error.message : String(error) } });
    }
  }

  function dropSubscriptions(client: Client, why?: string): void {
    if (client.subscriptions.size === 0) return;
    const dropped = [...client.subscriptions];
    client.subscriptions.clear();
    for (const [id, detach] of dropped) {
      detach();
      if (why) client.send({ id, notice: 'dropped', message: `subscription dropped: ${why}` });
    }
  }

  await listenOn(server, address);
  return {
    address,
    report,
    close: async () => {
      detachTracker();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const client of clients) {
        dropSubscriptions(client);
        client.send({ notice: 'closing', message: 'the guard is exiting' });
        client.socket.end();
        // A client that does not read never acknowledges the end: it must not hold the guard's exit.
        setTimeout(() => client.socket.destroy(), CLOSE_GRACE_MS).unref();
      }
      await closed;
    },
  };
}

async function listenOn(server: Server, address: string): Promise<void> {
  // Created 0600: the umask applies to the socket file from the moment it exists, so no other user can connect.
  const umask = process.platform === 'win32' ? undefined : process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    if (umask !== undefined) process.umask(umask);
  }
}

/**
 * Makes way for the socket: the folder must exist and be writable by its owner only (or sticky, as /tmp); a socket
 * file that answers belongs to a live guard (throws); one that does not is a dead guard's and is removed. Anything
 * else at that path is not ours to remove.
 */
async function prepareSocketPath(path: string): Promise<void> {
  const dir = process.getBuiltinModule('node:path').dirname(path);
  const folder = fs().statSync(dir);
  const uid = process.getuid?.();
  if ((folder.mode & 0o022) !== 0 && (folder.mode & 0o1000) === 0) {
    throw new DaemonkitError(`The control socket's folder ${dir} is writable by other users: choose a folder only you can write (mode 0700 or 0755)`);
  }
  if (uid !== undefined && folder.uid !== uid && folder.uid !== 0) {
    throw new DaemonkitError(`The control socket's folder ${dir} belongs to uid ${folder.uid}, not to this user (uid ${uid})`);
  }
  let stat;
  try {
    stat = fs().lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!stat.isSocket()) throw new DaemonkitError(`${path} exists and is not a socket: not replacing it`);
  if (await answers(path)) throw new DaemonkitError(`Already running: a guard answers on ${path}`);
  fs().unlinkSync(path);
}

/** Whether something accepts connections on the socket `path`. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net().connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Resolves once every child has spawned (and each for which `awaitReady` says so has reported ready); rejects with the
 * first failure to start: a spawn that failed, a child that gave up, the tree stopping.
 */
export function waitUp(target: ControlTarget, tracker: ChildTracker | undefined, awaitReady: (child: string) => boolean): Promise<{ children: readonly string[] }> {
  return new Promise((resolve, reject) => {
    const up = new Set<string>();
    const finish = (error?: Error) => {
      detach();
      if (error) reject(error);
      else resolve({ children: target.statuses().map((s) => s.id) });
    };
    const check = () => {
      const statuses = target.statuses();
      if (statuses.length > 0 && statuses.every((s) => up.has(s.id) || s.state === 'stopped')) finish();
    };
    const detach = target.subscribe((name, payload) => {
      const child = payload.child as string;
      if ((name === 'spawn' && !awaitReady(child)) || name === 'ready') up.add(child);
      else if (name === 'exit') {
        const outcome = (payload.run as { outcome: { kind: string; message?: string } }).outcome;
        if (outcome.kind === 'spawn-failed') return finish(new Error(`${child}: ${outcome.message ?? 'could not be spawned'}`));
        up.delete(child);
      } else if (name === 'giveup') return finish(new Error(`${child} gave up: ${String(payload.reason)}`));
      else if (name === 'tree-stop') return finish(new Error(`the guard's children stopped (${String(payload.reason)})`));
      check();
    });
    // Children already up when the request came.
    for (const status of target.statuses()) {
      if (status.pid !== undefined && (!awaitReady(status.id) || tracker?.report(status, 0, String, undefined).ready)) up.add(status.id);
    }
    check();
  });
}
