import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineFramer, MAX_PENDING_LINE_BYTES, OutputTail, prefixLines } from '../../src/logs/line-framer.js';

function frame(chunks: readonly string[]): string[] {
  const out: string[] = [];
  const framer = new LineFramer((lines) => out.push(lines.toString()));
  for (const chunk of chunks) framer.push(Buffer.from(chunk));
  framer.end();
  return out;
}

describe('LineFramer', () => {
  it.each([
    [['a\nb\n'], ['a\nb\n']],
    [['a', 'b\nc'], ['ab\n', 'c\n']],
    [['a\nb', 'c\nd', 'e'], ['a\n', 'bc\n', 'de\n']],
    [['no newline'], ['no newline\n']],
    [['x\n', ''], ['x\n']],
  ])('%j -> %j', (chunks, expected) => {
    expect(frame(chunks)).toEqual(expected);
  });

  it('hands over whole lines only, and all of them, however the output is cut', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z\n]{0,20}$/), { maxLength: 20 }), (chunks) => {
        const text = chunks.join('');
        const out = frame(chunks);
        for (const piece of out) expect(piece.endsWith('\n')).toBe(true);
        expect(out.join('')).toBe(text.length === 0 || text.endsWith('\n') ? text : `${text}\n`);
      }),
    );
  });

  it('writes out a partial line that grows past MAX_PENDING_LINE_BYTES rather than hold it', () => {
    const out: Buffer[] = [];
    const framer = new LineFramer((lines) => out.push(lines));
    framer.push(Buffer.alloc(MAX_PENDING_LINE_BYTES, 'a'));
    expect(out.map((b) => b.length)).toEqual([MAX_PENDING_LINE_BYTES + 1]);
  });
});

describe('prefixLines', () => {
  it('prefixes every line', () => {
    expect(prefixLines(Buffer.from('a\n\nbc\n'), 'T ').toString()).toBe('T a\nT \nT bc\n');
    expect(prefixLines(Buffer.from('é€😀\nz\n'), 'T ').toString()).toBe('T é€😀\nT z\n');
  });
});

describe('OutputTail', () => {
  it('keeps the last lines, within about its capacity', () => {
    const tail = new OutputTail(16);
    for (let i = 0; i < 100; i++) tail.push(Buffer.from(`line ${i}\n`));
    expect(tail.lines(2)).toEqual(['line 98', 'line 99']);
    expect(tail.lines(100).length).toBeLessThanOrEqual(3);
    expect(tail.lines(0)).toEqual([]);
  });
});
