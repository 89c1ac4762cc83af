import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeLogFs, type LogFs } from '../../src/logs/log-fs.js';
import { readLogTail } from '../../src/logs/read-tail.js';
import { PATH_CHECK_MS, RotatingWriter } from '../../src/logs/rotating-writer.js';
import type { LogErrorEvent } from '../../src/logs/types.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempLog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'daemonkit-logs-'));
  dirs.push(dir);
  return join(dir, 'app.log');
}

/** The real file system, with writes failing with ENOSPC while `full` is set; counts the write calls. */
function fullDiskFs(): LogFs & { full: boolean; writes: number } {
  const seam = {
    ...nodeLogFs,
    full: false,
    writes: 0,
    write(fd: number, buffer: Uint8Array, offset: number, length: number): number {
      seam.writes++;
      if (seam.full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return nodeLogFs.write(fd, buffer, offset, length);
    },
  };
  return seam;
}

const line = (text: string) => Buffer.from(`${text}\n`);

describe('RotatingWriter on a full disk (ENOSPC injected through the LogFs seam)', () => {
  it('drops and counts, reports once, makes one call per write (no spin), resumes at the next write that succeeds', () => {
    const path = tempLog();
    const fs = fullDiskFs();
    const writer = new RotatingWriter(path, { maxBytes: undefined, maxFiles: 10, compress: false }, fs);
    const events: LogErrorEvent[] = [];
    writer.subscribe((event) => events.push(event));
    writer.open();
    writer.write(line('before'));
    fs.full = true;
    const callsBefore = fs.writes;
    writer.write(line('lost 1'));
    writer.write(Buffer.from('lost 2\nlost 3\n'));
    expect(fs.writes - callsBefore).toBe(2);
    expect(events).toEqual([expect.objectContaining({ path, code: 'ENOSPC', droppedBytes: 7, droppedLines: 1, resumed: false })]);
    fs.full = false;
    writer.write(line('after'));
    expect(events[1]).toEqual(expect.objectContaining({ path, code: 'ENOSPC', droppedBytes: 21, droppedLines: 3, resumed: true }));
    writer.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines[0]).toBe('before');
    expect(lines[1]).toMatch(/daemonkit: 3 lines \(21 bytes\) of output were dropped since .*: ENOSPC$/);
    expect(lines.slice(2)).toEqual(['after', '']);
  });

  it('starts the notice on a line of its own when a write was cut mid-line', () => {
    const path = tempLog();
    let budget = Number.POSITIVE_INFINITY;
    const fs: LogFs = {
      ...nodeLogFs,
      write(fd, buffer, offset, length) {
        if (budget <= 0) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
        const n = nodeLogFs.write(fd, buffer, offset, Math.min(length, budget));
        budget -= n;
        return n;
      },
    };
    const writer = new RotatingWriter(path, { maxBytes: undefined, maxFiles: 10, compress: false }, fs);
    const events: LogErrorEvent[] = [];
    writer.subscribe((event) => events.push(event));
    writer.open();
    budget = 3;
    writer.write(Buffer.from('abcdef\nghi\n'));
    expect(events[0]).toEqual(expect.objectContaining({ droppedBytes: 8, droppedLines: 2 }));
    budget = Number.POSITIVE_INFINITY;
    writer.write(line('next'));
    writer.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines[0]).toBe('abc');
    expect(lines[1]).toMatch(/dropped/);
    expect(lines[2]).toBe('next');
  });
});

describe('RotatingWriter: rotation and reopening', () => {
  it('rotates before a write would pass maxBytes, keeps maxFiles, gzips from .2 up in the background', async () => {
    const path = tempLog();
    const writer = new RotatingWriter(path, { maxBytes: 100, maxFiles: 3, compress: true }, nodeLogFs);
    writer.open();
    for (let i = 0; i < 60; i++) writer.write(line(`line ${String(i).padStart(3, '0')} ${'x'.repeat(30)}`));
    writer.close();
    await writer.idle();
    const names = readdirSync(join(path, '..')).sort();
    expect(names).toEqual(['app.log', 'app.log.1', 'app.log.2.gz', 'app.log.3.gz']);
    for (const name of names) {
      const raw = readFileSync(join(path, '..', name));
      const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString();
      expect(text.length).toBeLessThanOrEqual(100);
      expect(text.endsWith('\n')).toBe(true);
    }
    expect(statSync(`${path}.1`).mode & 0o777).toBe(0o640);
    // The tail follows across the rotations, oldest first.
    expect(readLogTail(path, 5).map((l) => l.slice(0, 8))).toEqual(['line 055', 'line 056', 'line 057', 'line 058', 'line 059']);
  });

  it('recreates a file deleted or renamed underneath at the next path check, and at once on reopen()', () => {
    const path = tempLog();
    let now = 0;
    const writer = new RotatingWriter(path, { maxBytes: undefined, maxFiles: 10, compress: false }, nodeLogFs, () => now);
    writer.open();
    writer.write(line('one'));
    unlinkSync(path);
    writer.write(line('into the deleted file'));
    expect(existsSync(path)).toBe(false);
    now += PATH_CHECK_MS;
    writer.write(line('two'));
    expect(readFileSync(path, 'utf8')).toBe('two\n');
    renameSync(path, `${path}.old`);
    writer.reopen();
    writer.write(line('three'));
    writer.close();
    expect(readFileSync(`${path}.old`, 'utf8')).toBe('two\n');
    expect(readFileSync(path, 'utf8')).toBe('three\n');
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });
});
