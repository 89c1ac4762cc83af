import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../src/parse/suggest.js';

const COMMANDS = ['run', 'explain', 'lint', 'init', 'start', 'stop', 'restart', 'status', 'list', 'logs', 'events', 'signal'];

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['stauts', 'status', 1],
    ['status', 'status', 0],
  ])('%j to %j is %d', (a, b, d) => expect(editDistance(a, b)).toBe(d));

  it('is a distance: zero only for equal strings, symmetric, at most the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d === 0).toBe(a === b);
        expect(editDistance(b, a)).toBe(d);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });
});

describe('suggest', () => {
  it.each([
    ['stauts', 'status'],
    ['strat', 'start'],
    ['rnu', 'run'],
    ['exlpain', 'explain'],
    ['log', 'logs'],
    ['sig', 'signal'],
    ['restrat', 'restart'],
  ])('%j -> %j', (input, near) => expect(suggest(input, COMMANDS)).toBe(near));

  it.each(['deploy', 'xyzzy', 'kubectl'])('nothing near %j', (input) => expect(suggest(input, COMMANDS)).toBeUndefined());

  it('finds every candidate from itself and from one typo', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMMANDS.filter((c) => c.length >= 5)), fc.nat(), (word, at) => {
        expect(suggest(word, COMMANDS)).toBe(word);
        const i = at % word.length;
        const typo = `${word.slice(0, i)}${word.slice(i + 1)}`;
        expect(COMMANDS).toContain(suggest(typo, COMMANDS));
      }),
    );
  });

  it('suggests flags', () => {
    expect(suggest('--max-restars', ['--max-restarts', '--min-uptime'])).toBe('--max-restarts');
  });
});
