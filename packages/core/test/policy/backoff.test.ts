import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, computeDelay, type ExponentialBackoff } from '@daemonkit/core';

const exp = (o: Partial<ExponentialBackoff> = {}): ExponentialBackoff => ({
  initialMs: 100,
  factor: 2,
  maxMs: 30_000,
  jitter: 0,
  resetAfterMs: 30_000,
  ...o,
});

describe('computeDelay', () => {
  it.each([
    // backoff, step, random -> delay
    ['fixed, first restart', 250, 0, 0.99, 250],
    ['fixed, ignores step and random', 250, 40, 0.5, 250],
    ['fixed zero', 0, 3, 0.5, 0],
    ['exponential step 0', exp(), 0, 0, 100],
    ['exponential step 1', exp(), 1, 0, 200],
    ['exponential step 2', exp(), 2, 0, 400],
    ['exponential step 8', exp(), 8, 0, 25_600],
    ['capped at step 9 (51 200 > maxMs)', exp(), 9, 0, 30_000],
    ['factor 1.5', exp({ factor: 1.5 }), 2, 0, 225],
    ['factor 1 is constant', exp({ factor: 1 }), 50, 0, 100],
    ['initialMs above maxMs is capped at once', exp({ initialMs: 5000, maxMs: 1000 }), 0, 0, 1000],
    ['jitter 0.1, random 0: the full delay', exp({ jitter: 0.1 }), 0, 0, 100],
    ['jitter 0.1, random 0.5: 5 % off', exp({ jitter: 0.1 }), 0, 0.5, 95],
    ['jitter 0.1, random near 1: 10 % off', exp({ jitter: 0.1 }), 1, 0.999_999, 180],
    ['jitter 1, random 0.5: half', exp({ jitter: 1 }), 3, 0.5, 400],
    ['jitter applies below the cap', exp({ jitter: 0.1 }), 20, 0.5, 28_500],
    ['jitter rounds to whole ms', exp({ initialMs: 7, jitter: 0.5 }), 0, 0.5, 5],
    ['huge step does not overflow', exp(), 1e6, 0, 30_000],
    ['MAX_SAFE_INTEGER step', exp({ jitter: 0.1 }), Number.MAX_SAFE_INTEGER, 0, 30_000],
    ['initialMs 0 stays 0 at a step where factor ** step is Infinity', exp({ initialMs: 0 }), 2000, 0, 0],
  ] as const)('%s', (_name, backoff, step, random, expected) => {
    expect(computeDelay(backoff, step, random)).toBe(expected);
  });

  it('DEFAULT_BACKOFF is 100 ms doubling to 30 s with 10 % jitter, reset after 30 s, and frozen', () => {
    expect(DEFAULT_BACKOFF).toEqual({ initialMs: 100, factor: 2, maxMs: 30_000, jitter: 0.1, resetAfterMs: 30_000 });
    expect(Object.isFrozen(DEFAULT_BACKOFF)).toBe(true);
    expect([0, 1, 2, 3].map((step) => computeDelay(DEFAULT_BACKOFF, step, 0))).toEqual([100, 200, 400, 800]);
  });
});

// Whole-ms maxMs: with a fractional maxMs the rounding may land up to 0.5 ms above it (reported, not asserted).
const backoffArb = fc.record({
  initialMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100_000 })),
  factor: fc.oneof(fc.constant(1), fc.constant(2), fc.double({ min: 1, max: 10, noNaN: true })),
  maxMs: fc.integer({ min: 0, max: 10_000_000 }),
  jitter: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
  resetAfterMs: fc.integer({ min: 0, max: 100_000 }),
});
const stepArb = fc.oneof(fc.nat({ max: 64 }), fc.nat({ max: 5000 }), fc.constant(Number.MAX_SAFE_INTEGER));
const randomArb = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }));

// The un-jittered delay as documented: initialMs * factor ** step, capped at maxMs (0 stays 0).
const ceiling = (b: ExponentialBackoff, step: number): number =>
  b.initialMs === 0 ? 0 : Math.min(b.initialMs * b.factor ** step, b.maxMs);

describe('computeDelay properties', () => {
  it('is a finite whole number of ms, never above maxMs', () => {
    fc.assert(
      fc.property(backoffArb, stepArb, randomArb, (b, step, random) => {
        const delay = computeDelay(b, step, random);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(b.maxMs);
      }),
    );
  });

  it('is never below (1 - jitter) * min(initialMs * factor ** step, maxMs), rounded', () => {
    fc.assert(
      fc.property(backoffArb, stepArb, randomArb, (b, step, random) => {
        expect(computeDelay(b, step, random)).toBeGreaterThanOrEqual(Math.round((1 - b.jitter) * ceiling(b, step)));
      }),
    );
  });

  it('is exactly the ceiling, rounded, when random is 0', () => {
    fc.assert(
      fc.property(backoffArb, stepArb, (b, step) => {
        expect(computeDelay(b, step, 0)).toBe(Math.round(ceiling(b, step)));
      }),
    );
  });

  it('is non-decreasing in step for a fixed random', () => {
    fc.assert(
      fc.property(backoffArb, fc.nat({ max: 2000 }), randomArb, (b, step, random) => {
        expect(computeDelay(b, step + 1, random)).toBeGreaterThanOrEqual(computeDelay(b, step, random));
      }),
    );
  });

  it('is non-increasing in random for a fixed step', () => {
    fc.assert(
      fc.property(backoffArb, stepArb, randomArb, randomArb, (b, step, r1, r2) => {
        const [lo, hi] = r1 <= r2 ? [r1, r2] : [r2, r1];
        expect(computeDelay(b, step, hi)).toBeLessThanOrEqual(computeDelay(b, step, lo));
      }),
    );
  });

  it('a fixed delay is returned as is', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), stepArb, randomArb, (ms, step, random) => {
        expect(computeDelay(ms, step, random)).toBe(ms);
      }),
    );
  });
});
