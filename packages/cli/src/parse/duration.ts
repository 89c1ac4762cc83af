import { UsageError } from '../errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h|d)/gy;
const BARE = /^(\d+(?:\.\d+)?|\.\d+)$/;

/**
 * A duration in milliseconds from `500ms`, `10s`, `5m`, `1h`, `2d` or a sum such as `1m30s`. A bare number is in
 * `bareUnit`: milliseconds, as everywhere in the SDK, or seconds for the peers' options written in seconds
 * (systemd's RestartSec=, supervisord's startsecs). Whole milliseconds are not required: `1.5ms` stays 1.5.
 * @example parseDuration('1m30s') // 90000
 */
export function parseDuration(text: string, bareUnit: 'ms' | 's' = 'ms'): number {
  const t = text.trim();
  if (BARE.test(t)) return exact(Number(t) * UNIT_MS[bareUnit]!);
  let total = 0;
  let end = 0;
  PART.lastIndex = 0;
  for (let m = PART.exec(t); m; m = PART.exec(t)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    end = PART.lastIndex;
  }
  if (t === '' || end !== t.length) {
    throw new UsageError(
      `expected a duration such as 500ms, 10s, 5m or 1h (a bare number is ${bareUnit === 'ms' ? 'milliseconds' : 'seconds'}), got ${JSON.stringify(text)}`,
    );
  }
  return exact(total);
}

// 32828.26 s is 32828260 ms, not 32828260.000000004: keep a microsecond's precision, drop the float noise.
const exact = (ms: number): number => Math.round(ms * 1000) / 1000;

/** `1500` -> `1.5s`: the shortest of ms, s, m, h that keeps the value exact to the millisecond. For messages. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % (size / 1000) === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
