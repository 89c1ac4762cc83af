import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { restartPolicy, xdaemonPolicy, type BackoffEvent, type RunRecord } from '@daemonkit/core';
import { registerPid } from './helpers/pid-registry.js';
import { isAlive } from './helpers/process-liveness.js';
import { fixture, nextEvent, supervise, tempDir } from './helpers/supervisors.js';

const node = process.execPath;
const untilDead = (pid: number) =>
  vi.waitFor(() => expect(isAlive(pid), `pid ${pid} alive`).toBe(false), { timeout: 15_000, interval: 20 });

describe('Supervisor over real processes', () => {
  it('runs a crash loop to giveup, with exit codes, runtimes and backoff delays', async () => {
    const supervisor = supervise({
      command: node,
      args: [fixture('exit-with.mjs'), '3'],
      stdio: 'ignore',
      policy: restartPolicy({ maxConsecutiveFailures: 3, backoff: { initialMs: 50, factor: 2, jitter: 0 } }),
    });
    const runs: RunRecord[] = [];
    const backoffs: BackoffEvent[] = [];
    supervisor.on('exit', ({ run }) => runs.push(run));
    supervisor.on('backoff', (event) => backoffs.push(event));
    const stop = await supervisor.start().done;

    expect(stop.reason).toBe('giveup');
    expect(runs.map((r) => r.outcome)).toEqual(Array(3).fill({ kind: 'exited', code: 3 }));
    expect(runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(backoffs.map((b) => b.delayMs)).toEqual([50, 100]);
    for (const [i, b] of backoffs.entries()) {
      const previous = runs[i]!;
      const next = runs[i + 1]!;
      // The next run starts no sooner than the announced delay (lower bound only: the machine is shared), to the
      // millisecond: a timer that Node fires early (its loop time lags) is set again for the rest.
      expect(next.startedAt - previous.endedAt).toBeGreaterThanOrEqual(b.delayMs);
    }
    for (const run of runs) expect(run.runtimeMs).toBeGreaterThan(0);
  });

  it('reports a signal death as the signal, never as an exit code', async () => {
    const supervisor = supervise({
      command: node,
      args: ['-e', 'process.kill(process.pid, "SIGSEGV")'],
      stdio: 'ignore',
      policy: restartPolicy({ restart: 'never' }),
    });
    const stop = await supervisor.start().done;
    expect(stop.lastRun?.outcome).toEqual({ kind: 'signaled', signal: 'SIGSEGV' });
  });

  it('SIGKILLs a child that ignores SIGTERM after killTimeoutMs, and resolves stop() only when it is gone', async () => {
    const supervisor = supervise({
      command: node,
      args: [fixture('ignore-sigterm.mjs')],
      stdio: 'pipe',
      killTimeoutMs: 300,
    });
    supervisor.start();
    const { pid, stdout } = await nextEvent(supervisor, 'spawn');
    await once(stdout!, 'data'); // "ready": the SIGTERM handler is installed
    const stop = await supervisor.stop();
    expect(stop.lastRun?.outcome).toEqual({ kind: 'signaled', signal: 'SIGKILL' });
    expect(stop.lastRun?.runtimeMs).toBeGreaterThanOrEqual(300);
    expect(isAlive(pid)).toBe(false);
  });

  it('takes a grandchild down with its parent on stop()', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'grandchild.pid');
    const supervisor = supervise({ command: node, args: [fixture('spawn-grandchild.mjs'), pidFile], stdio: 'ignore' });
    supervisor.start();
    const grandchild = await vi.waitFor(() => Number(readFileSync(pidFile, 'utf8')), { timeout: 15_000, interval: 20 });
    expect(isAlive(grandchild)).toBe(true);
    await supervisor.stop();
    expect(isAlive(grandchild)).toBe(false);
  });

  it('kills the orphans of a crashed child before deciding what to do next', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'grandchild.pid');
    const supervisor = supervise({
      command: node,
      args: [fixture('spawn-grandchild.mjs'), pidFile, '1'],
      stdio: 'ignore',
      policy: restartPolicy({ restart: 'never' }),
      killTimeoutMs: 2000,
    });
    let grandchildAliveAtExitEvent: boolean | undefined;
    supervisor.on('exit', () => {
      grandchildAliveAtExitEvent = isAlive(Number(readFileSync(pidFile, 'utf8')));
    });
    const stop = await supervisor.start().done;
    expect(stop.lastRun?.outcome).toEqual({ kind: 'exited', code: 1 });
    expect(grandchildAliveAtExitEvent).toBe(false);
  });

  it('appends every run to logFile, keeps what was there, and creates it with mode 0640', async () => {
    const dir = tempDir();
    const logFile = join(dir, 'worker.log');
    const first = supervise({
      command: node,
      args: [fixture('exit-with.mjs'), '0'],
      logFile,
      policy: xdaemonPolicy({ maxCount: 3, minExitTime: 0 }),
    });
    const pids: number[] = [];
    first.on('spawn', ({ pid }) => pids.push(pid));
    await first.start().done;
    expect(statSync(logFile).mode & 0o777).toBe(0o640);
    const second = supervise({
      command: node,
      args: ['-e', 'console.error("second supervisor")'],
      logFile,
      policy: restartPolicy({ restart: 'never' }),
    });
    await second.start().done;
    const lines = readFileSync(logFile, 'utf8').trim().split('\n');
    expect(lines).toEqual([...pids.map((pid) => `exit-with pid=${pid} code=0`), 'second supervisor']);
  });

  it('never truncates an existing log file', async () => {
    const logFile = join(tempDir(), 'kept.log');
    writeFileSync(logFile, 'earlier line\n');
    const supervisor = supervise({ command: node, args: ['-e', 'console.log("new line")'], logFile, policy: restartPolicy({ restart: 'never' }) });
    await supervisor.start().done;
    expect(readFileSync(logFile, 'utf8')).toBe('earlier line\nnew line\n');
  });

  it('throws at start() when the log file cannot be opened', () => {
    const supervisor = supervise({ command: node, logFile: join(tempDir(), 'missing-dir', 'x.log') });
    expect(() => supervisor.start()).toThrow(/Cannot open logFile .*missing-dir.*ENOENT/);
  });

  it('reports a missing command as a spawn-failed run, without throwing', async () => {
    const supervisor = supervise({
      command: join(tempDir(), 'no-such-program'),
      stdio: 'ignore',
      policy: restartPolicy({ maxConsecutiveFailures: 2, backoff: 10 }),
    });
    const crashes: number[] = [];
    supervisor.on('crash', ({ consecutiveFailures }) => crashes.push(consecutiveFailures));
    const stop = await supervisor.start().done;
    expect(stop.reason).toBe('giveup');
    expect(stop.lastRun?.outcome).toMatchObject({ kind: 'spawn-failed', code: 'ENOENT' });
    expect(stop.lastRun?.pid).toBeUndefined();
    expect(crashes).toEqual([1, 2]);
  });

  it('restart() replaces a live child with a new one', async () => {
    const supervisor = supervise({ command: node, args: [fixture('sleep-forever.mjs')], stdio: 'ignore' });
    supervisor.start();
    const { pid: first } = await nextEvent(supervisor, 'spawn');
    await supervisor.restart();
    const second = supervisor.pid;
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(isAlive(first)).toBe(false);
    await supervisor.stop();
    expect(isAlive(second!)).toBe(false);
  });

  for (const [how, args, signal] of [
    ['SIGTERM', [], 'SIGTERM'],
    ['SIGINT', [], 'SIGINT'],
    ['an uncaught error', ['throw'], undefined],
    ['a listener that throws, with no error listener', ['listener-throws'], undefined],
  ] as const) {
    it(`a supervising process ended by ${how} leaves no child behind`, async () => {
      const parent = spawn(node, [fixture('supervise.mjs'), ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
      registerPid(parent.pid);
      // Listened for at once: a listener that throws ends the parent right after the child's line.
      const exited = once(parent, 'exit');
      let output = '';
      parent.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const child = await vi.waitFor(
        () => {
          const match = /child (\d+)/.exec(output);
          if (!match) throw new Error('no child yet');
          return Number(match[1]);
        },
        { timeout: 15_000, interval: 20 },
      );
      if (signal) parent.kill(signal);
      const [code, parentSignal] = await exited;
      if (signal) expect(parentSignal).toBe(signal);
      else expect(code).toBe(1);
      await untilDead(child);
    });
  }
});
