import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSize } from '../../src/parse/size.js';

describe('parseSize: SI units are powers of 1000, IEC units and single letters powers of 1024', () => {
  it.each([
    ['10MB', 10_000_000],
    ['512KiB', 524_288],
    ['1kB', 1000],
    ['1KB', 1000],
    ['2GB', 2e9],
    ['1GiB', 2 ** 30],
    ['100M', 100 * 2 ** 20],
    ['4k', 4096],
    ['1.5KiB', 1536],
    ['123', 123],
    ['7B', 7],
    ['10 MB', 10_000_000],
  ])('%s is %d bytes', (text, bytes) => expect(parseSize(text)).toBe(bytes));

  it.each(['', 'MB', '10XB', '-1MB', 'ten'])('refuses %j', (text) => {
    expect(() => parseSize(text)).toThrow(/a size such as 10MB, 512KiB or 100M/);
  });

  it('MiB is 1.048576 MB, for any count', () => {
    fc.assert(fc.property(fc.nat({ max: 10_000 }), (n) => {
      expect(parseSize(`${n}MiB`)).toBe(n * 1_048_576);
    }));
    fc.assert(fc.property(fc.nat({ max: 10_000 }), (n) => {
      expect(parseSize(`${n}MB`)).toBe(n * 1_000_000);
    }));
  });
});
