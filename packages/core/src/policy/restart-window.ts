/**
 * Restart intensity as in Erlang/OTP's supervisor (at most `maxRestarts` restarts within `periodMs`) and systemd's
 * StartLimitBurst/StartLimitIntervalSec. The state is the list of recent restart times; the clock is passed in.
 */
export interface RestartWindow {
  readonly maxRestarts: number;
  readonly periodMs: number;
}

/** Restart times still inside the window that ends at `now`. */
export function recentRestarts(times: readonly number[], now: number, window: RestartWindow): number[] {
  return times.filter((t) => now - t < window.periodMs);
}

/** Whether one more restart at `now` would exceed the window's intensity. */
export function windowFull(recent: readonly number[], window: RestartWindow): boolean {
  return recent.length >= window.maxRestarts;
}
