import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restartPolicy, type Supervisor } from '@daemonkit/core';
import { fixture, nextEvent, supervise, tempDir } from './helpers/supervisors.js';

// onShutdown() without an IPC channel. The channel stays off by default for plain children (it is on with health
// checks or `ipc: true`): on POSIX onShutdown() already runs on the kill signal, which the supervisor sends to the
// child's process group; the channel costs each node child some start-up time, paid again on every restart of a
// crash loop; and it changes what a program sees (process.send, process.channel, an extra file descriptor).

const node = process.execPath;
const worker = (...args: string[]) => [fixture('shutdown-worker.mjs'), ...args];
const once = restartPolicy({ restart: 'never' });
// Long enough that an exit code, not SIGKILL, is what ends a worker whose handler runs.
const noEarlySigkill = 20_000;

describe('onShutdown() with and without an IPC channel', () => {
  it('without an IPC channel, stop() runs the onShutdown() handler on SIGTERM and the worker exits 0 by itself', async () => {
    const marker = join(tempDir(), 'shutdown-reason');
    const supervisor = supervise({
      command: node,
      args: worker('on-shutdown', marker),
      stdio: 'pipe',
      killTimeoutMs: noEarlySigkill,
      policy: once,
    });
    const lines = collectLines(supervisor);
    const ready = lineMatching(supervisor, /^ready /);
    const exit = nextEvent(supervisor, 'exit');
    supervisor.start();
    expect(await ready).toBe('ready send=undefined');
    const stop = await supervisor.stop();
    expect((await exit).run.stopRequested).toBe(true);
    expect(readFileSync(marker, 'utf8')).toBe('SIGTERM');
    expect(lines).toContain('onShutdown ran: SIGTERM');
    // Killed by SIGKILL, the run would end as { kind: 'signaled', signal: 'SIGKILL' }.
    expect(stop.lastRun?.outcome).toEqual({ kind: 'exited', code: 0 });
  });

  it('with ipc: true, the shutdown message comes before the signal: the handler runs with reason "message"', async () => {
    const marker = join(tempDir(), 'shutdown-reason');
    const supervisor = supervise({
      command: node,
      args: worker('on-shutdown', marker),
      stdio: 'pipe',
      ipc: true,
      killTimeoutMs: noEarlySigkill,
      policy: once,
    });
    const lines = collectLines(supervisor);
    const ready = lineMatching(supervisor, /^ready /);
    const exit = nextEvent(supervisor, 'exit');
    supervisor.start();
    expect(await ready).toBe('ready send=function');
    const stop = await supervisor.stop();
    expect((await exit).run.stopRequested).toBe(true);
    expect(readFileSync(marker, 'utf8')).toBe('message');
    expect(lines).toContain('onShutdown ran: message');
    expect(lines).not.toContain('onShutdown ran: SIGTERM');
    expect(stop.lastRun?.outcome).toEqual({ kind: 'exited', code: 0 });
  });

  it('by default a plain child gets no IPC channel: no process.send, no process.channel', async () => {
    const supervisor = supervise({ command: node, args: worker('probe'), stdio: 'pipe', policy: once });
    const probe = lineMatching(supervisor, /^\{/);
    const stop = await supervisor.start().done;
    expect(JSON.parse(await probe)).toEqual({ send: 'undefined', channel: false });
    expect(stop.lastRun?.outcome).toEqual({ kind: 'exited', code: 0 });
  });

  it('the same probe does see the channel with ipc: true (so the test above can tell)', async () => {
    const supervisor = supervise({ command: node, args: worker('probe'), stdio: 'pipe', ipc: true, policy: once });
    const probe = lineMatching(supervisor, /^\{/);
    const stop = await supervisor.start().done;
    expect(JSON.parse(await probe)).toEqual({ send: 'function', channel: true });
    expect(stop.lastRun?.outcome).toEqual({ kind: 'exited', code: 0 });
  });
});

/** Every output line of the supervisor's children, as it comes. */
function collectLines(supervisor: Supervisor): string[] {
  const lines: string[] = [];
  supervisor.on('output', ({ line }) => lines.push(line));
  return lines;
}

/** The first output line matching `pattern`. */
function lineMatching(supervisor: Supervisor, pattern: RegExp): Promise<string> {
  return new Promise((resolve) => {
    const listener = ({ line }: { line: string }) => {
      if (!pattern.test(line)) return;
      supervisor.off('output', listener);
      resolve(line);
    };
    supervisor.on('output', listener);
  });
}
