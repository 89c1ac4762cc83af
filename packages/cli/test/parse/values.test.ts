import { describe, expect, it } from 'vitest';
import { INFINITY, parseBackoff, parseBoolean, parseExitCodes, parseExitStatuses, parseNumber, parseWindow } from '../../src/parse/values.js';

describe('flag values', () => {
  it.each([
    ['100ms..30s', { initialMs: 100, maxMs: 30_000 }],
    ['1s', 1000],
    ['250', 250],
    ['1s..1m', { initialMs: 1000, maxMs: 60_000 }],
  ])('--backoff %s', (text, value) => expect(parseBackoff(text)).toEqual(value));

  it.each(['1s..', '..1s', '1s..2s..3s', 'fast'])('--backoff refuses %j', (text) => expect(() => parseBackoff(text)).toThrow());

  it.each([
    ['10/60s', { maxRestarts: 10, periodMs: 60_000 }],
    ['3/1m', { maxRestarts: 3, periodMs: 60_000 }],
    ['5/500', { maxRestarts: 5, periodMs: 500 }],
  ])('--window %s', (text, value) => expect(parseWindow(text)).toEqual(value));

  it.each(['10', '/10s', 'a/10s', '10/x', '1.5/10s'])('--window refuses %j', (text) => expect(() => parseWindow(text)).toThrow(/restarts\/period such as 10\/60s|a duration/));

  it('reads exit codes and statuses as lists', () => {
    expect(parseExitCodes('0, 2,143')).toEqual([0, 2, 143]);
    expect(() => parseExitCodes('0,x')).toThrow(/exit codes separated by commas/);
    expect(parseExitStatuses('1,SIGKILL,usr1')).toEqual([1, 'SIGKILL', 'SIGUSR1']);
  });

  it('reads numbers, infinity only where unlimited is allowed, and booleans', () => {
    expect(parseNumber('15')).toBe(15);
    expect(parseNumber('inf', { unlimited: true })).toBe(INFINITY);
    expect(parseNumber('Infinity', { unlimited: true })).toBe(INFINITY);
    expect(() => parseNumber('inf')).toThrow(/expected a number/);
    expect(() => parseNumber('')).toThrow(/expected a number/);
    expect([parseBoolean('yes'), parseBoolean('false'), parseBoolean('0')]).toEqual([true, false, false]);
    expect(() => parseBoolean('maybe')).toThrow(/true or false/);
  });
});
