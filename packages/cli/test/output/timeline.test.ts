import { describe, expect, it } from 'vitest';
import { colorsFor } from '../../src/output/colors.js';
import { jsonEventLine, timelineHeader, timelineLine } from '../../src/output/timeline.js';

const plain = colorsFor({ isTTY: false }, {});

describe('timeline', () => {
  it('aligns time, event, pid and detail as the demo does', () => {
    expect(timelineHeader(false)).toBe('    time  event        pid  detail');
    expect(timelineLine({ atMs: 43, event: 'spawn', pid: 12857, detail: 'attempt 1' }, false, plain)).toBe('  0.043s  spawn      12857  attempt 1');
    expect(timelineLine({ atMs: 1256, event: 'backoff', detail: 'attempt 2 in 50 ms' }, false, plain)).toBe('  1.256s  backoff           attempt 2 in 50 ms');
  });

  it('adds the child column for several instances', () => {
    expect(timelineHeader(true)).toBe('    time  event    child          pid  detail');
    expect(timelineLine({ atMs: 0, event: 'spawn', pid: 1, child: 'node#1', detail: 'attempt 1' }, true, plain)).toBe('  0.000s  spawn    node#1           1  attempt 1');
  });
});

describe('jsonEventLine', () => {
  it('is one line of JSON with time and event, without streams or functions, errors by name and message', () => {
    const stream = { pipe: () => {} };
    const line = jsonEventLine('giveup', { reason: 'r', stdout: stream, error: new TypeError('bad'), f: () => 1, limit: Number.POSITIVE_INFINITY }, new Date(0));
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ time: '1970-01-01T00:00:00.000Z', event: 'giveup', reason: 'r', error: { name: 'TypeError', message: 'bad' }, limit: 'Infinity' });
  });
});
