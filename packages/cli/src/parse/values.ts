import { UsageError } from '../errors.js';
import { parseDuration } from './duration.js';

// Parsers of flag values that are not durations or sizes. Each throws a UsageError saying what was expected; the
// caller puts the flag's name in front. They check syntax only: the core's option parsers judge the values.

/** JSON has no Infinity: a policy spec keeps an unlimited value as this string, and policyFromSpec() revives it. */
export const INFINITY = 'Infinity';

const UNLIMITED = new Set(['inf', 'infinity', 'unlimited']);

/** A number; `inf`, `infinity` or `unlimited` give INFINITY when `unlimited` is allowed. */
export function parseNumber(text: string, options: { unlimited?: boolean } = {}): number | typeof INFINITY {
  const t = text.trim();
  if (options.unlimited && UNLIMITED.has(t.toLowerCase())) return INFINITY;
  const n = Number(t);
  if (t === '' || !Number.isFinite(n)) {
    throw new UsageError(`expected a number${options.unlimited ? " or 'infinity'" : ''}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** `true`/`false` and their usual spellings (yes/no, on/off, 1/0). */
export function parseBoolean(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(t)) return true;
  if (['false', 'no', 'off', '0'].includes(t)) return false;
  throw new UsageError(`expected true or false, got ${JSON.stringify(text)}`);
}

function items(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** `0,2,143` -> [0, 2, 143]. */
export function parseExitCodes(text: string): number[] {
  return items(text).map((s) => {
    if (!/^\d+$/.test(s)) throw new UsageError(`expected exit codes separated by commas such as 0,2,78, got ${JSON.stringify(text)}`);
    return Number(s);
  });
}

/** `1,SIGKILL` -> [1, 'SIGKILL']: exit codes and signal names, as systemd's *ExitStatus= settings list them. */
export function parseExitStatuses(text: string): Array<number | string> {
  return items(text).map((s) => {
    if (/^\d+$/.test(s)) return Number(s);
    if (/^(SIG)?[A-Z0-9]+$/i.test(s)) return s.toUpperCase().startsWith('SIG') ? s.toUpperCase() : `SIG${s.toUpperCase()}`;
    throw new UsageError(`expected exit codes and signal names separated by commas such as 1,SIGKILL, got ${JSON.stringify(text)}`);
  });
}

/** `100ms,1s,5s` -> [100, 1000, 5000]. */
export function parseDurationList(text: string): number[] {
  const list = items(text);
  if (list.length === 0) throw new UsageError(`expected durations separated by commas such as 100ms,1s, got ${JSON.stringify(text)}`);
  return list.map((s) => parseDuration(s));
}

/** `--backoff`: a fixed delay (`1s`) or an exponential range (`100ms..30s`, the first delay and the largest). */
export function parseBackoff(text: string): number | { initialMs: number; maxMs: number } {
  const range = text.split('..');
  if (range.length === 1) return parseDuration(text);
  if (range.length !== 2) throw new UsageError(`expected a delay such as 1s or a range such as 100ms..30s, got ${JSON.stringify(text)}`);
  return { initialMs: parseDuration(range[0]!), maxMs: parseDuration(range[1]!) };
}

/** `--window 10/60s`: at most 10 restarts within any 60 s (OTP's intensity and period). */
export function parseWindow(text: string): { maxRestarts: number; periodMs: number } {
  const parts = text.split('/');
  if (parts.length !== 2 || !/^\s*\d+\s*$/.test(parts[0]!)) {
    throw new UsageError(`expected restarts/period such as 10/60s, got ${JSON.stringify(text)}`);
  }
  return { maxRestarts: Number(parts[0]), periodMs: parseDuration(parts[1]!) };
}
