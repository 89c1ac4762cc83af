import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { followLog, readLogTail } from '../../src/logs/read-tail.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempLog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'daemonkit-tail-'));
  dirs.push(dir);
  return join(dir, 'app.log');
}

describe('readLogTail', () => {
  it('reads the live file, then .1, then .2.gz, oldest line first', () => {
    const path = tempLog();
    writeFileSync(`${path}.2.gz`, gzipSync('a\nb\n'));
    writeFileSync(`${path}.1`, 'c\nd\n');
    writeFileSync(path, 'e\r\nf\n');
    expect(readLogTail(path, 2)).toEqual(['e', 'f']);
    expect(readLogTail(path, 5)).toEqual(['b', 'c', 'd', 'e', 'f']);
    expect(readLogTail(path, 50)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(readLogTail(join(path, '..', 'missing.log'), 3)).toEqual([]);
  });

  it('reads backwards a block at a time: the last lines of a large file', () => {
    const path = tempLog();
    writeFileSync(path, Array.from({ length: 50_000 }, (_, i) => `line ${i}\n`).join(''));
    expect(readLogTail(path, 3)).toEqual(['line 49997', 'line 49998', 'line 49999']);
  });
});

describe('followLog', () => {
  it('follows appends, a rotation (the old file read to its end first) and a truncation, until aborted', async () => {
    const path = tempLog();
    writeFileSync(path, 'old 1\nold 2\n');
    const seen: string[] = [];
    const controller = new AbortController();
    const following = followLog(path, (line) => seen.push(line), controller.signal, { lines: 1, intervalMs: 5 });
    expect(seen).toEqual(['old 2']);
    appendFileSync(path, 'new 1\nnew');
    await vi.waitFor(() => expect(seen).toEqual(['old 2', 'new 1']), { timeout: 10_000, interval: 5 });
    // Rotated: the end of the old file, then the new one.
    appendFileSync(path, ' 2\n');
    renameSync(path, `${path}.1`);
    writeFileSync(path, 'next 1\n');
    await vi.waitFor(() => expect(seen).toEqual(['old 2', 'new 1', 'new 2', 'next 1']), { timeout: 10_000, interval: 5 });
    // Truncated (copytruncate) and written again, less than was there: read from the start.
    truncateSync(path, 0);
    appendFileSync(path, 'cut\n');
    await vi.waitFor(() => expect(seen.at(-1)).toBe('cut'), { timeout: 10_000, interval: 5 });
    controller.abort();
    await following;
  });
});
