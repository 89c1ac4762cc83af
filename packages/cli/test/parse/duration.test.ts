import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/parse/duration.js';
import { UsageError } from '../../src/errors.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['250', 250],
    ['0', 0],
    [' 2s ', 2000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each([
    ['10', 10_000],
    ['0.1', 100],
    ['500ms', 500],
  ])('with seconds as the bare unit, %s is %d ms', (text, ms) => expect(parseDuration(text, 's')).toBe(ms));

  it.each(['', 'abc', '10x', '-1s', '1s2', 's', '1.2.3s', '10 s'])('refuses %j, saying what it expects', (text) => {
    expect(() => parseDuration(text)).toThrow(UsageError);
    expect(() => parseDuration(text)).toThrow(/a duration such as 500ms, 10s, 5m or 1h/);
  });

  it('reads back what formatDuration writes, and a bare count of ms as itself', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 ** 9 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
        expect(parseDuration(String(ms))).toBe(ms);
      }),
    );
  });

  it('adds the parts of a compound duration', () => {
    fc.assert(
      fc.property(fc.nat({ max: 99 }), fc.nat({ max: 59 }), fc.nat({ max: 999 }), (h, s, ms) => {
        expect(parseDuration(`${h}h${s}s${ms}ms`)).toBe(h * 3_600_000 + s * 1000 + ms);
      }),
    );
  });
});
