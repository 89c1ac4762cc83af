import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { restartPolicy, type SupervisorEventName } from '@daemonkit/core';
import { signalGroup } from '../packages/core/src/process/process-group.js';
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
    // The child has exited; its grandchild ignores the SIGTERM the supervisor sent its group.
    await vi.waitFor(() => expect(isAlive(child!)).toBe(false), { timeout: 15_000, interval: 20 });
    expect(isAlive(grandchild)).toBe(true);
    expect(events).toEqual(['spawn']);
    const stop = await supervisor.stop({ timeoutMs: 100 });
    expect(isAlive(grandchild)).toBe(false);
    expect(stop.reason).toBe('requested');
    expect(stop.survivors).toBeUndefined();
    // It crashed before the stop: reported as a crash, and not restarted.
    expect(events).toEqual(['spawn', 'exit', 'crash', 'stop']);
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
      child.kill('SIGKILL');
    }
  });
});
