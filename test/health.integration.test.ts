import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { heartbeat, notifyReady, restartPolicy, type CrashEvent, type OutputEvent, type RunRecord } from '@daemonkit/core';
import { fixture, nextEvent, supervise, tempDir } from './helpers/supervisors.js';

const node = process.execPath;
const worker = (mode: string) => [fixture('health-worker.mjs'), mode];
const once = restartPolicy({ restart: 'never' });

describe('health checks over real workers', () => {
  it('stops a worker that is not ready in time; the run ends as ready-timeout, a failure that on-failure restarts', async () => {
    const supervisor = supervise({
      command: node,
      args: worker('never-ready'),
      stdio: 'ignore',
      readiness: { timeoutMs: 300 },
      killTimeoutMs: 2000,
      policy: restartPolicy({ maxRestarts: 1, backoff: 0 }),
    });
    const crashes: CrashEvent[] = [];
    supervisor.on('crash', (event) => crashes.push(event));
    const stop = await supervisor.start().done;
    expect(stop.reason).toBe('giveup');
    expect(crashes.map((c) => c.run.outcome)).toEqual(
      Array(2).fill({ kind: 'ready-timeout', timeoutMs: 300, exit: { kind: 'signaled', signal: 'SIGTERM' } }),
    );
    expect(crashes[0]?.run.uptimeMs).toBe(0);
    expect(crashes[0]?.run.runtimeMs).toBeGreaterThanOrEqual(300);
  });

  it('emits ready and heartbeats with the worker memory, and measures uptime from ready', async () => {
    const supervisor = supervise({
      command: node,
      args: worker('healthy'),
      stdio: 'ignore',
      readiness: { timeoutMs: 10_000 },
      watchdog: { timeoutMs: 10_000 },
      policy: once,
    });
    supervisor.start();
    const ready = await nextEvent(supervisor, 'ready');
    expect(ready.afterMs).toBeGreaterThanOrEqual(50);
    expect(ready.attempt).toBe(1);
    const beat = await nextEvent(supervisor, 'heartbeat');
    expect(beat.pid).toBe(ready.pid);
    expect(beat.memory.rss).toBeGreaterThan(1024 * 1024);
    const { lastRun } = await supervisor.stop();
    expect(lastRun?.readyAt).toBeGreaterThan(lastRun!.startedAt);
    expect(lastRun?.uptimeMs).toBeCloseTo(lastRun!.endedAt - lastRun!.readyAt!, 5);
  });

  it('gets at most one heartbeat per quarter of the watchdog timeout, however often the worker calls heartbeat()', async () => {
    const supervisor = supervise({ command: node, args: worker('healthy'), stdio: 'ignore', watchdog: { timeoutMs: 2000 }, policy: once });
    const at: number[] = [];
    const third = new Promise<void>((resolve) =>
      supervisor.on('heartbeat', () => {
        if (at.push(performance.now()) === 3) resolve();
      }),
    );
    supervisor.start();
    await third;
    // The worker calls heartbeat() every 50 ms; the messages come 500 ms apart at the least.
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(450);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(450);
  });

  it('stops a worker whose heartbeats stop; the run ends as watchdog', async () => {
    const supervisor = supervise({
      command: node,
      args: worker('stop-heartbeat'),
      stdio: 'ignore',
      // Generous, so that a loaded machine's stalls between the three heartbeats do not trip it early.
      watchdog: { timeoutMs: 1500 },
      policy: restartPolicy({ restart: 'on-watchdog', maxRestarts: 0 }),
    });
    const beats: number[] = [];
    supervisor.on('heartbeat', ({ pid }) => beats.push(pid));
    const stop = await supervisor.start().done;
    expect(stop.lastRun?.outcome).toEqual({ kind: 'watchdog', timeoutMs: 1500, exit: { kind: 'signaled', signal: 'SIGTERM' } });
    expect(stop.reason).toBe('giveup');
    expect(beats).toHaveLength(3);
  });

  it('restarts a worker gracefully when a heartbeat reports memory above maxMemoryBytes', async () => {
    const supervisor = supervise({
      command: node,
      args: worker('grow-memory'),
      stdio: 'ignore',
      maxMemoryBytes: 120 * 1024 * 1024,
      policy: restartPolicy({ maxRestarts: 1, backoff: 0 }),
    });
    const runs: RunRecord[] = [];
    supervisor.on('exit', ({ run }) => runs.push(run));
    await supervisor.start().done;
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.outcome.kind).toBe('memory-limit');
      if (run.outcome.kind === 'memory-limit') {
        expect(run.outcome.rssBytes).toBeGreaterThan(120 * 1024 * 1024);
        expect(run.outcome.limitBytes).toBe(120 * 1024 * 1024);
      }
    }
  });

  it('sends the shutdown message before the kill signal: onShutdown() runs even when the signal is ignored', async () => {
    const supervisor = supervise({
      command: node,
      args: worker('graceful'),
      stdio: 'pipe',
      ipc: true,
      killSignal: 'SIGUSR2',
      killTimeoutMs: 10_000,
    });
    const lines: string[] = [];
    supervisor.on('output', ({ line }) => lines.push(line));
    const stop = await stopWhenReady(supervisor);
    expect(stop.lastRun?.outcome).toEqual({ kind: 'exited', code: 0 });
    expect(lines).toContain('graceful shutdown via message');
  });

  it('SIGKILLs a worker that ignores both the shutdown message and SIGTERM', async () => {
    const supervisor = supervise({ command: node, args: worker('ignore-shutdown'), stdio: 'ignore', ipc: true, killTimeoutMs: 300 });
    const stop = await stopWhenReady(supervisor);
    expect(stop.lastRun?.outcome).toEqual({ kind: 'signaled', signal: 'SIGKILL' });
  });

  it('carries the last lines of a crashed run, stack trace included, from piped output', async () => {
    const supervisor = supervise({ command: node, args: worker('stack-crash'), stdio: 'pipe', policy: once });
    const crash = nextEvent(supervisor, 'crash');
    supervisor.start();
    const { lines, run } = await crash;
    expect(run.outcome).toEqual({ kind: 'exited', code: 1 });
    expect(lines).toHaveLength(20);
    expect(lines.join('\n')).toContain('Error: the database is gone');
    expect(lines.some((l) => l.startsWith('line '))).toBe(true);
  });

  it('carries the last lines of a crashed run from the log file, only that run\'s', async () => {
    const logFile = join(tempDir(), 'worker.log');
    const supervisor = supervise({
      command: node,
      args: worker('stack-crash'),
      logFile,
      crashContextLines: 50,
      policy: restartPolicy({ maxRestarts: 1, backoff: 0 }),
    });
    const crashes: CrashEvent[] = [];
    supervisor.on('crash', (event) => crashes.push(event));
    await supervisor.start().done;
    expect(crashes).toHaveLength(2);
    const second = crashes[1]!.lines;
    expect(second[0]).toBe('line 1');
    expect(second.filter((l) => l === 'line 1')).toHaveLength(1);
    expect(second.join('\n')).toContain('Error: the database is gone');
    expect(readFileSync(logFile, 'utf8').match(/^line 1$/gm)).toHaveLength(2);
  });

  it('emits output lines per stream, with a partial last line delivered at the end', async () => {
    const supervisor = supervise({ command: node, args: worker('partial-line'), stdio: 'pipe', policy: once });
    const output: OutputEvent[] = [];
    supervisor.on('output', (event) => output.push(event));
    const stop = await supervisor.start().done;
    expect(stop.lastRun?.outcome).toEqual({ kind: 'exited', code: 3 });
    expect(output.map(({ stream, line }) => [stream, line])).toEqual([
      ['stdout', 'complete'],
      ['stdout', 'partial'],
    ]);
  });

  it('the worker API is a no-op without a daemonkit supervisor, even with an IPC channel to another parent', () => {
    // This test file runs in a forked vitest worker: it has an IPC channel, to vitest.
    expect(typeof process.send).toBe('function');
    expect(notifyReady()).toBe(false);
    expect(heartbeat()).toBe(false);
  });
});

/** Starts the supervisor, waits for the worker's ready message, then stops it. */
async function stopWhenReady(supervisor: ReturnType<typeof supervise>) {
  const ready = nextEvent(supervisor, 'ready');
  supervisor.start();
  await ready;
  return supervisor.stop();
}
