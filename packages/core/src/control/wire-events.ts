import type { RunRecord } from '../policy/types.js';

// Event payloads on the wire. Instants travel as wall-clock ISO strings, converted by the guard, so that a client never
// subtracts the clocks of two processes; durations (runtimeMs, uptimeMs, afterMs) are the guard's own. Streams stay
// behind (a remote spawn event has stdout and stderr null) and errors travel as { name, message }.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const INSTANTS = ['startedAt', 'endedAt', 'readyAt'] as const;
const RUN_FIELDS = ['run', 'lastRun'] as const;

/** A monotonic epoch-scale instant of this process as the wall-clock time it corresponds to now. */
export function wallClockIso(instant: number, now: number, wallNow: number): string {
  return new Date(wallNow - (now - instant)).toISOString();
}

function runToWire(run: RunRecord, iso: (t: number) => string): Json {
  const out: Record<string, Json> = { ...(run as unknown as Record<string, Json>) };
  for (const key of INSTANTS) if (typeof run[key] === 'number') out[key] = iso(run[key]);
  return out;
}

function errorToWire(error: unknown): Json {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

/** A tree event's payload as JSON: `iso` turns an instant of the guard's clock into a wall-clock string. */
export function eventToWire(name: string, payload: object, iso: (t: number) => string): Json {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'stdout' || key === 'stderr' || value === undefined) continue;
    if ((RUN_FIELDS as readonly string[]).includes(key) && value) out[key] = runToWire(value as RunRecord, iso);
    else if (key === 'startedAt' && name === 'spawn' && typeof value === 'number') out[key] = iso(value);
    else if (key === 'error') out[key] = errorToWire(value);
    else out[key] = value as Json;
  }
  return out;
}

function runFromWire(run: Record<string, unknown>): RunRecord {
  const out: Record<string, unknown> = { ...run };
  for (const key of INSTANTS) if (typeof run[key] === 'string') out[key] = Date.parse(run[key]);
  return Object.freeze(out) as unknown as RunRecord;
}

/** The payload as the in-process tree emits it: instants as epoch milliseconds, streams null, errors as Errors. */
export function eventFromWire(name: string, data: Record<string, unknown>): object {
  const out: Record<string, unknown> = { ...data };
  for (const key of RUN_FIELDS) if (data[key] && typeof data[key] === 'object') out[key] = runFromWire(data[key] as Record<string, unknown>);
  if (name === 'spawn') {
    if (typeof data.startedAt === 'string') out.startedAt = Date.parse(data.startedAt);
    out.stdout = null;
    out.stderr = null;
  }
  if (data.error && typeof data.error === 'object') {
    const { name: errorName, message } = data.error as { name?: unknown; message?: unknown };
    const error = new Error(String(message));
    error.name = String(errorName ?? 'Error');
    out.error = error;
  }
  return Object.freeze(out);
}
