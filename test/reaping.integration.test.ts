import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { restartPolicy, type SupervisorEventName } from '@daemonkit/core';
import { groupMembers, signalGroup } from '../packages/core/src/process/process-group.js';
import { registerPid } from './helpers/pid-registry.js';
import { isAlive } from './helpers/process-liveness.js';
import { fixture, supervise, tempDir } from './helpers/supervisors.js';

const node = process.execPath;

describe('reaping a child\'s process group (real processes)', () => {
  it('stop({ timeoutMs }) brings SIGKILL forward for the orphans of a crashed child', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'grandchild.pid');
    const supervisor = supervise({
      command: node,
      args: [fixture('spawn-stubborn-grandchild.mjs'), pidFile, '1'],
      stdio: 'ignore',
      policy: restartPolicy({ restart: 'always', backoff: 0 }),
      // Far beyond the test's own timeout: only the stop's timeout can end the grandchild in time.
      killTimeoutMs: 120_000,
    });
    const events: SupervisorEventName[] = [];
    for (const name of ['spawn', 'exit', 'crash', 'backoff', 'stop'] as const) supervisor.on(name, () => events.push(name));
    let child: number | undefined;
    supervisor.once('spawn', ({ pid }) => (child = pid));
    supervisor.start();
    const grandchild = await vi.waitFor(() => Number(readFileSync(pidFile, 'utf8')), { timeout: 15_000, interval: 20 });
    // The child has exited and was reaped by node (so the supervisor has seen the exit); its grandchild ignores the
    // SIGTERM the supervisor then sent its group.
    await vi.waitFor(() => expect(existsSync(`/proc/${child}`)).toBe(false), { timeout: 15_000, interval: 20 });
    expect(isAlive(grandchild)).toBe(true);
    expect(events).toEqual(['spawn']);
    const stop = await supervisor.stop({ timeoutMs: 100 });
    expect(isAlive(grandchild)).toBe(false);
    expect(stop.reason).toBe('requested');
    expect(stop.survivors).toBeUndefined();
    // It crashed before the stop: reported as a crash, and not restarted.
    expect(events).toEqual(['spawn', 'exit', 'crash', 'stop']);
  });

  it('records the end of a run when the process exited, not when its held output pipe was given up on', async () => {
    const supervisor = supervise({
      command: node,
      args: [fixture('hold-stdout.mjs')],
      stdio: 'pipe',
      policy: restartPolicy({ restart: 'never' }),
    });
    let reportedAt: number | undefined;
    supervisor.on('spawn', ({ stdout }) => stdout?.resume());
    supervisor.on('exit', () => (reportedAt = performance.timeOrigin + performance.now()));
    const { lastRun } = await supervisor.start().done;
    expect(lastRun?.outcome).toEqual({ kind: 'exited', code: 1 });
    // The spawner waited 200 ms for the pipe, then the group was reaped: the exit is reported well after it happened.
    expect(reportedAt! - lastRun!.endedAt).toBeGreaterThanOrEqual(190);
  });

  it('lists every live member of a child\'s group, the survivors a stop reports, not only the first found', async () => {
    const pidFile = join(tempDir(), 'grandchild.pid');
    // Detached, as the spawner starts children: it leads its own group, which its grandchild joins.
    const child = spawn(node, [fixture('spawn-grandchild.mjs'), pidFile], { stdio: 'ignore', detached: true });
    registerPid(child.pid);
    try {
      const grandchild = await vi.waitFor(() => Number(readFileSync(pidFile, 'utf8')), { timeout: 15_000, interval: 20 });
      expect(groupMembers(child.pid!).sort((a, b) => a - b)).toEqual([child.pid!, grandchild].sort((a, b) => a - b));
    } finally {
      signalGroup(child.pid!, 'SIGKILL');
    }
    await vi.waitFor(() => expect(groupMembers(child.pid!)).toEqual([]), { timeout: 15_000, interval: 20 });
  });

  it('never signals a bare pid: a process that leads no group of its own is not touched', async () => {
    // Not detached: the child is in this process's group, as a process reusing a dead leader's pid would be.
    const child = spawn(node, [fixture('sleep-forever.mjs')], { stdio: ['ignore', 'pipe', 'ignore'] });
    registerPid(child.pid);
    try {
      await new Promise((resolve) => child.stdout.once('data', resolve));
      expect(signalGroup(child.pid!, 'SIGTERM')).toBe(false);
      expect(isAlive(child.pid!)).toBe(true);
    } finally {
      // Waited for: a child still dying when the test ends is a leftover to the leak check.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  });
});
