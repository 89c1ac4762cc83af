import { existsSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { nodeLogFs, readLogTail, restartPolicy, type LogErrorEvent, type LogFs } from '@daemonkit/core';
import { fixture, nextEvent, supervise, superviseTree, tempDir } from './helpers/supervisors.js';

const node = process.execPath;
const once = restartPolicy({ restart: 'never' });
const waitLong = { timeout: 25_000, interval: 20 };

/** The lines of every log file in `dir` for `base`, oldest file first (highest index), the live file last. */
function logFiles(dir: string, base: string): Array<{ name: string; text: string }> {
  return readdirSync(dir)
    .filter((name) => name === base || name.startsWith(`${base}.`))
    .map((name) => ({ name, index: name === base ? 0 : Number(name.slice(base.length + 1).replace(/\.gz$/, '')) }))
    .sort((a, b) => b.index - a.index)
    .map(({ name }) => {
      const raw = readFileSync(join(dir, name));
      return { name, text: (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8') };
    });
}

const numbersOf = (text: string) =>
  text
    .split('\n')
    .filter((line, i, all) => i < all.length - 1 || line !== '')
    .map((line) => {
      const match = /^(?:line|tick) (\d+)$/.exec(line.replace(/^\S+Z /, ''));
      if (!match) throw new Error(`not a whole numbered line: ${JSON.stringify(line)}`);
      return Number(match[1]);
    });

describe('rotation: nothing lost, nothing split', () => {
  it('1,000,000 numbered lines across rotations at 1 MiB: each once, whole, in order; .gz files decompress', async () => {
    const dir = tempDir();
    const path = join(dir, 'app.log');
    const supervisor = supervise({
      command: node,
      args: [fixture('write-lines.mjs'), '1000000'],
      logFile: { path, maxBytes: 1024 * 1024, maxFiles: 100, compress: true },
      policy: once,
    });
    supervisor.start();
    await supervisor.done;
    const files = logFiles(dir, 'app.log');
    // Nothing but the log and its rotations (no compression's temporary file left behind).
    expect(readdirSync(dir).length).toBe(files.length);
    expect(files.length).toBeGreaterThanOrEqual(6);
    expect(files.filter((f) => f.name.endsWith('.gz')).length).toBe(files.length - 2);
    for (const file of files) {
      expect(Buffer.byteLength(file.text)).toBeLessThanOrEqual(1024 * 1024);
      expect(file.text.endsWith('\n')).toBe(true);
    }
    // Oldest file first, every line whole: the numbers are exactly 0 .. 999,999 in order.
    const numbers = files.flatMap((file) => numbersOf(file.text));
    expect(numbers.length).toBe(1_000_000);
    expect(numbers.every((n, i) => n === i)).toBe(true);
  });

  it('keeps maxFiles rotated files: the newest lines, contiguous, up to the last', async () => {
    const dir = tempDir();
    const path = join(dir, 'app.log');
    const supervisor = supervise({
      command: node,
      args: [fixture('write-lines.mjs'), '200000'],
      logFile: { path, maxBytes: 64 * 1024, maxFiles: 3, compress: true },
      policy: once,
    });
    supervisor.start();
    await supervisor.done;
    const files = logFiles(dir, 'app.log');
    expect(files.map((f) => f.name)).toEqual(['app.log.3.gz', 'app.log.2.gz', 'app.log.1', 'app.log']);
    const numbers = files.flatMap((file) => numbersOf(file.text));
    expect(numbers.at(-1)).toBe(199_999);
    expect(numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1)).toBe(true);
    expect(readLogTail(path, 3)).toEqual(['line 199997', 'line 199998', 'line 199999']);
  });
});

describe('external rotation: reopenLogs()', () => {
  it('piped: after a rename and reopenLogs(), the next lines go to a new file with mode 0640; none lost', async () => {
    const dir = tempDir();
    const path = join(dir, 'app.log');
    const supervisor = supervise({ command: node, args: [fixture('tick.mjs')], logFile: { path, maxBytes: 2 ** 30 } });
    supervisor.start();
    await vi.waitFor(() => expect(readFileSync(path, 'utf8')).toMatch(/^tick 3$/m), waitLong);
    renameSync(path, `${path}-rotated`);
    supervisor.reopenLogs();
    await vi.waitFor(() => expect(existsSync(path) && readFileSync(path, 'utf8')).toMatch(/^tick \d+$/m), waitLong);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    await supervisor.stop();
    const numbers = [...numbersOf(readFileSync(`${path}-rotated`, 'utf8')), ...numbersOf(readFileSync(path, 'utf8'))];
    expect(numbers.every((n, i) => n === i)).toBe(true);
  });

  it('direct: the running child keeps its descriptor; the next run writes to the reopened file', async () => {
    const dir = tempDir();
    const path = join(dir, 'app.log');
    const supervisor = supervise({ command: node, args: [fixture('tick.mjs')], logFile: path });
    supervisor.start();
    await vi.waitFor(() => expect(readFileSync(path, 'utf8')).toMatch(/^tick 1$/m), waitLong);
    renameSync(path, `${path}-rotated`);
    supervisor.reopenLogs();
    expect(statSync(path).mode & 0o777).toBe(0o640);
    await supervisor.restart();
    await vi.waitFor(() => expect(readFileSync(path, 'utf8')).toMatch(/^tick 1$/m), waitLong);
    await supervisor.stop();
    expect(numbersOf(readFileSync(path, 'utf8'))[0]).toBe(0);
  });

  it('a tree reopens one child by name (and rejects a name it does not have)', async () => {
    const dir = tempDir();
    const path = join(dir, 'web.log');
    const tree = superviseTree({ children: [{ name: 'web', command: node, args: [fixture('tick.mjs')], logFile: { path, timestamps: true } }] });
    tree.start();
    await vi.waitFor(() => expect(readFileSync(path, 'utf8')).toMatch(/Z tick 2$/m), waitLong);
    renameSync(path, `${path}-rotated`);
    expect(() => tree.reopenLogs('api')).toThrow(/reopenLogs\(\): no child "api"/);
    tree.reopenLogs('web');
    await vi.waitFor(() => expect(existsSync(path) && readFileSync(path, 'utf8')).toMatch(/Z tick \d+$/m), waitLong);
    await tree.stop();
  });
});

describe('a full disk', () => {
  it('/dev/full: guard and worker survive, log-error reports the loss, lines resume after a reopen', async () => {
    const dir = tempDir();
    const path = join(dir, 'full.log');
    symlinkSync('/dev/full', path);
    const supervisor = supervise({ command: node, args: [fixture('tick.mjs')], logFile: { path, timestamps: true } });
    const crashes: unknown[] = [];
    supervisor.on('crash', (event) => crashes.push(event));
    const failing = nextEvent(supervisor, 'log-error');
    supervisor.start();
    expect(await failing).toMatchObject({ path, code: 'ENOSPC', resumed: false });
    const pid = supervisor.pid;
    // Space returns: the path names a real file again.
    unlinkSync(path);
    const resumed = nextEvent(supervisor, 'log-error');
    supervisor.reopenLogs();
    const event = await resumed;
    expect(event).toMatchObject({ path, code: 'ENOSPC', resumed: true });
    expect(event.droppedLines).toBeGreaterThan(0);
    await vi.waitFor(() => expect(readFileSync(path, 'utf8')).toMatch(/Z tick \d+\n.*Z tick \d+\n/s), waitLong);
    expect(readFileSync(path, 'utf8').split('\n')[0]).toMatch(/daemonkit: \d+ lines? \(\d+ bytes\) of output were dropped since .*: ENOSPC$/);
    expect(supervisor.pid).toBe(pid);
    expect(supervisor.state).toBe('running');
    expect(crashes).toEqual([]);
  });

  it('resumes by itself at the next write that succeeds (ENOSPC injected through the logFs seam)', async () => {
    const path = join(tempDir(), 'app.log');
    let full = true;
    const logFs: LogFs = {
      ...nodeLogFs,
      write: (fd, buffer, offset, length) => {
        if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        return nodeLogFs.write(fd, buffer, offset, length);
      },
    };
    const supervisor = supervise({ command: node, args: [fixture('tick.mjs')], logFile: { path, timestamps: true }, logFs });
    const events: LogErrorEvent[] = [];
    supervisor.on('log-error', (event) => events.push(event));
    supervisor.start();
    await vi.waitFor(() => expect(events).toHaveLength(1), waitLong);
    full = false;
    await vi.waitFor(() => expect(events).toHaveLength(2), waitLong);
    expect(events.map((e) => e.resumed)).toEqual([false, true]);
    expect(events[1]!.droppedLines).toBeGreaterThanOrEqual(events[0]!.droppedLines);
    await supervisor.stop();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines[0]).toMatch(/daemonkit: \d+ lines? \(\d+ bytes\) of output were dropped/);
    // After the notice, what the child wrote, in order.
    const numbers = numbersOf(lines.slice(1).join('\n'));
    expect(numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1)).toBe(true);
  });
});

describe('crash context', () => {
  it.each([
    ['direct', (path: string) => path],
    ['piped, rotating under it', (path: string) => ({ path, maxBytes: 100, maxFiles: 50 })],
  ])('%s: a partial last line is in the file and in the crash context', async (_mode, logFile) => {
    const dir = tempDir();
    const path = join(dir, 'app.log');
    const supervisor = supervise({
      command: node,
      args: [fixture('write-lines.mjs'), '30', '1', 'last words'],
      logFile: logFile(path),
      crashContextLines: 5,
      policy: once,
    });
    const crash = nextEvent(supervisor, 'crash');
    supervisor.start();
    expect((await crash).lines).toEqual(['line 26', 'line 27', 'line 28', 'line 29', 'last words']);
    await supervisor.done;
    // In the file too, whole (in the direct mode as the child left it, without a newline), wherever rotation put it.
    expect(readLogTail(path, 2)).toEqual(['line 29', 'last words']);
  });
});
