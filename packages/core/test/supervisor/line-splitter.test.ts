import { describe, expect, it } from 'vitest';
import { createLineSplitter, RecentLines } from '../../src/supervisor/line-splitter.js';

describe('createLineSplitter', () => {
  it.each([
    [['a\nb\n'], ['a', 'b']],
    [['a', 'b\nc'], ['ab', 'c']],
    [['crlf\r\n', '\r\n'], ['crlf', '']],
    [['no newline at all'], ['no newline at all']],
    [['\n\n'], ['', '']],
    [['x\r', '\ny'], ['x', 'y']],
  ])('%j -> %j', (chunks, lines) => {
    const seen: string[] = [];
    const splitter = createLineSplitter((line) => seen.push(line));
    for (const chunk of chunks) splitter.push(chunk);
    splitter.end();
    expect(seen).toEqual(lines);
  });
});

describe('RecentLines', () => {
  it('keeps the last lines in order', () => {
    const recent = new RecentLines(3);
    for (const line of ['1', '2', '3', '4', '5']) recent.push(line);
    expect(recent.toArray()).toEqual(['3', '4', '5']);
  });

  it('keeps nothing with capacity 0', () => {
    const recent = new RecentLines(0);
    recent.push('x');
    expect(recent.toArray()).toEqual([]);
  });
});
