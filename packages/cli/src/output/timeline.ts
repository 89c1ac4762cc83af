import type { Colors } from './colors.js';

// The foreground timeline of `daemonkit run`, as the examples' demo prints it (packages/examples/src/timeline.ts):
// one aligned line per event, time since start, event, pid, details. Pure: the command passes the words in.

export interface TimelineEntry {
  readonly atMs: number;
  readonly event: string;
  readonly pid?: number | undefined;
  /** The child id, when several run (`app#1`). */
  readonly child?: string | undefined;
  readonly detail: string;
}

const WARN = new Set(['crash', 'backoff']);
const BAD = new Set(['giveup']);

/** The header line; `withChild` adds the child column, for `--instances` above 1. */
export function timelineHeader(withChild: boolean): string {
  return `${'time'.padStart(8)}  ${'event'.padEnd(8)} ${withChild ? `${'child'.padEnd(10)} ` : ''}${'pid'.padStart(7)}  detail`;
}

/** One event's line. */
export function timelineLine(entry: TimelineEntry, withChild: boolean, c: Colors): string {
  const time = `${(entry.atMs / 1000).toFixed(3)}s`.padStart(8);
  const name = entry.event.padEnd(8);
  const painted = BAD.has(entry.event) ? c.red(name) : WARN.has(entry.event) ? c.yellow(name) : entry.event === 'spawn' ? c.green(name) : name;
  const child = withChild ? `${(entry.child ?? '').padEnd(10)} ` : '';
  return `${c.dim(time)}  ${painted} ${child}${String(entry.pid ?? '').padStart(7)}  ${entry.detail}`;
}

/**
 * An event as one JSON line for `--json`: `{ "time", "event", ...payload }`, the payload's streams and functions
 * left out and errors as `{ name, message }`.
 */
export function jsonEventLine(event: string, payload: unknown, at: Date): string {
  const body = payload !== null && typeof payload === 'object' ? payload : { value: payload };
  return JSON.stringify({ time: at.toISOString(), event, ...body }, (_key, value: unknown) => {
    if (typeof value === 'function') return undefined;
    if (value instanceof Error) return { name: value.name, message: value.message };
    if (value !== null && typeof value === 'object' && typeof (value as { pipe?: unknown }).pipe === 'function') return undefined;
    if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
    return value;
  });
}
