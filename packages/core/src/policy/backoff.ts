/** An exponential backoff, fully resolved. */
export interface ExponentialBackoff {
  /** Delay before the first restart, in ms. */
  readonly initialMs: number;
  /** Growth per consecutive restart (2 doubles). */
  readonly factor: number;
  /** Cap on the delay, in ms; jitter never takes the delay above it. */
  readonly maxMs: number;
  /** Fraction of the delay taken off at random (0.1: the delay falls in [0.9 d, d]). */
  readonly jitter: number;
  /** A run that stayed up at least this long resets the delay to `initialMs`. */
  readonly resetAfterMs: number;
}

/** A fixed delay in ms, or an exponential backoff. */
export type Backoff = number | ExponentialBackoff;

/** The default backoff of `restartPolicy()`: 100 ms doubling to 30 s, 10 % jitter, reset after 30 s up. */
export const DEFAULT_BACKOFF: ExponentialBackoff = Object.freeze({
  initialMs: 100,
  factor: 2,
  maxMs: 30_000,
  jitter: 0.1,
  resetAfterMs: 30_000,
});

/**
 * Delay before the restart numbered `step` (0 for the first restart since the last reset), given a uniform
 * random number in [0, 1). Pure, as p-retry's calculateDelay: the loop that waits stays in the shell.
 */
export function computeDelay(backoff: Backoff, step: number, random: number): number {
  if (typeof backoff === 'number') return backoff;
  // 0 * Infinity is NaN once factor ** step overflows (step 1024 for factor 2): a zero delay stays zero.
  const grown = backoff.initialMs === 0 ? 0 : backoff.initialMs * backoff.factor ** step;
  const capped = Math.min(grown, backoff.maxMs);
  return Math.min(Math.round(capped * (1 - backoff.jitter * random)), backoff.maxMs);
}

/** Whether a run of `runtimeMs` resets the backoff. A fixed delay has nothing to reset. */
export function resetsBackoff(backoff: Backoff, runtimeMs: number): boolean {
  return typeof backoff !== 'number' && runtimeMs >= backoff.resetAfterMs;
}
