import type { Backoff } from './backoff.js';
import type { RestartMode } from './classify-exit.js';
import { formatMs, plural } from './describe.js';
import type { RestartWindow } from './restart-window.js';

// Phrases that policies' explain() methods are built from, so that every policy words the same setting the same
// way. Clauses are joined with "; " by joinClauses().

/** "restarts on failure", "never restarts": what a restart mode does, in words. */
export const MODE_PHRASES: Readonly<Record<RestartMode, string>> = {
  always: 'restarts after every exit',
  'on-success': 'restarts only after a clean exit',
  'on-failure': 'restarts on failure',
  'on-abnormal': 'restarts only after an unclean signal, a readiness or watchdog timeout, or the memory limit',
  'on-abort': 'restarts only after an unclean signal',
  'on-watchdog': 'restarts only after a watchdog timeout',
  never: 'never restarts',
};

/** For sentences: whole minutes in minutes, tenths of seconds in seconds, the rest as formatMs ("338 ms", "13 s"). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return formatMs(ms);
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000} s`;
  return formatMs(ms);
}

/** "exit code 78", "exit codes 1, 2". */
export function describeCodes(codes: readonly (number | string)[]): string {
  return `${codes.length === 1 ? 'exit code' : 'exit codes'} ${codes.join(', ')}`;
}

/** "gives up after 5 restarts within 10 s"; a limit of 0 gives up at the first restart. */
export function describeWindow(window: RestartWindow, unit = 'restart'): string {
  if (window.maxRestarts === Number.POSITIVE_INFINITY) return '';
  return window.maxRestarts === 0
    ? `gives up at the first ${unit}`
    : `gives up after ${plural(window.maxRestarts, unit)} within ${formatDuration(window.periodMs)}`;
}

/**
 * "restarts at once", "waits 250 ms", "waits 100 ms, doubling to 30 s (up to 10 % less at random), back to 100 ms
 * after 30 s up". A reset after Infinity ms is left out: the delay then never shrinks.
 */
export function describeBackoff(backoff: Backoff): string {
  if (typeof backoff === 'number') return backoff === 0 ? 'restarts at once' : `waits ${formatDuration(backoff)}`;
  const { initialMs, factor, maxMs, jitter, resetAfterMs } = backoff;
  const grows = factor > 1 && initialMs > 0 && initialMs < maxMs;
  const first = initialMs === 0 && !grows ? 'restarts at once' : `waits ${formatDuration(Math.min(initialMs, maxMs))}`;
  const growth = grows ? `, ${growthWord(factor)} to ${formatDuration(maxMs)}` : '';
  const random = jitter > 0 && (initialMs > 0 || grows) ? ` (up to ${Math.round(jitter * 100)} % less at random)` : '';
  const reset =
    grows && Number.isFinite(resetAfterMs) ? `, back to ${formatDuration(initialMs)} after ${formatDuration(resetAfterMs)} up` : '';
  return `${first}${growth}${random}${reset}`;
}

function growthWord(factor: number): string {
  if (factor === 2) return 'doubling';
  if (factor === 3) return 'tripling';
  return `growing x${Number(factor.toFixed(3))}`;
}

/** Joins the non-empty clauses with "; ". */
export function joinClauses(clauses: readonly string[]): string {
  return clauses.filter((c) => c.length > 0).join('; ');
}
