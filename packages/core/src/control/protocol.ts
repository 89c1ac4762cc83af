// The control protocol: newline-delimited JSON over a Unix socket (a named pipe on Windows). docs/PROTOCOL.md is its
// description for other languages; this file is its single definition in code. Pure: no I/O.

export const PROTOCOL_VERSION = 1;

/** Longest line either side accepts, in bytes, newline excluded; a longer one ends the connection. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** The first line the guard writes on every connection. */
export interface Greeting {
  readonly daemonkit: typeof PROTOCOL_VERSION;
  readonly pid: number;
  readonly name: string;
  /** The guard's start, wall clock, ISO 8601. */
  readonly startedAt: string;
  /** The version of @daemonkit/core the guard runs. */
  readonly version: string;
}

export const METHODS = ['status', 'stop', 'restart', 'signal', 'reopen-logs', 'subscribe', 'unsubscribe', 'tail', 'wait-up'] as const;
export type Method = (typeof METHODS)[number];

export interface Request {
  /** Chosen by the client, echoed in the reply: a string or an integer. */
  readonly id: string | number;
  readonly method: Method;
  readonly params: Readonly<Record<string, unknown>>;
}

export type ErrorCode = 'parse-error' | 'invalid-request' | 'unknown-method' | 'invalid-params' | 'failed' | 'line-too-long' | 'too-slow';

export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
}

/** Lines from the guard after the greeting. */
export type ServerMessage =
  | { readonly id: string | number; readonly result: unknown }
  | { readonly id: string | number | null; readonly error: ErrorBody }
  /** A subscribed event: `event` is a tree event name, `data` its payload (times as ISO strings). */
  | { readonly id: string | number; readonly event: string; readonly data: unknown }
  /** A line of a `tail`. */
  | { readonly id: string | number; readonly line: string }
  /** Something the client should know: its subscription was dropped, the guard is going away. */
  | { readonly id?: string | number; readonly notice: 'dropped' | 'closing'; readonly message: string };

export type Parsed = { readonly ok: true; readonly request: Request } | { readonly ok: false; readonly id: string | number | null; readonly error: ErrorBody };

const isId = (v: unknown): v is string | number =>
  (typeof v === 'string' && v.length > 0 && v.length <= 200) || (typeof v === 'number' && Number.isSafeInteger(v));

/** Parses one request line. Never throws: anything that is not a valid request comes back as the error to reply. */
export function parseRequest(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, id: null, error: { code: 'parse-error', message: 'not JSON: each request is one JSON object per line' } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: null, error: { code: 'invalid-request', message: 'a request is a JSON object { id, method, params? }' } };
  }
  const v = value as Record<string, unknown>;
  if (!isId(v.id)) {
    return { ok: false, id: null, error: { code: 'invalid-request', message: '`id` must be a non-empty string or an integer' } };
  }
  if (typeof v.method !== 'string' || !(METHODS as readonly string[]).includes(v.method)) {
    const method = typeof v.method === 'string' ? JSON.stringify(v.method.slice(0, 50)) : String(typeof v.method);
    return { ok: false, id: v.id, error: { code: 'unknown-method', message: `unknown method ${method}; methods: ${METHODS.join(', ')}` } };
  }
  const params = v.params ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    return { ok: false, id: v.id, error: { code: 'invalid-params', message: '`params` must be an object' } };
  }
  return { ok: true, request: { id: v.id, method: v.method as Method, params: params as Record<string, unknown> } };
}

/** Parses the greeting line; undefined when the peer is not a daemonkit guard of this protocol version. */
export function parseGreeting(line: string): Greeting | undefined {
  try {
    const v = JSON.parse(line) as Record<string, unknown>;
    if (v?.daemonkit !== PROTOCOL_VERSION || !Number.isSafeInteger(v.pid) || typeof v.name !== 'string') return undefined;
    if (typeof v.startedAt !== 'string' || typeof v.version !== 'string') return undefined;
    return { daemonkit: PROTOCOL_VERSION, pid: v.pid as number, name: v.name, startedAt: v.startedAt, version: v.version };
  } catch {
    return undefined;
  }
}

/** One message as a line. */
export const encodeLine = (message: unknown): string => `${JSON.stringify(message)}\n`;
