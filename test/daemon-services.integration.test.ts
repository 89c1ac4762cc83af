import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daemonStatus, stopDaemon } from '@daemonkit/core';
import { isAlive } from './helpers/process-liveness.js';
import { readText, runNode, stopAfterTest, waitForLine } from './helpers/programs.js';
import { fixture, tempDir } from './helpers/supervisors.js';

async function startServices(...args: string[]) {
  const dir = tempDir();
  const pidFile = join(dir, 'app.pid');
  stopAfterTest(pidFile);
  const launcher = await runNode([fixture('daemon-services-app.mjs'), dir, ...args]);
  const log = (name?: string) => join(dir, name ? `guard.${name}.log` : 'guard.log');
  return { dir, pidFile, launcher, log };
}

describe('daemon({ services }): a guard running a tree of services', () => {
  it('starts each service in order, replicas told their instance, a command service beside them; logs per service', async () => {
    const { launcher, log, pidFile } = await startServices();
    expect(launcher.code).toBe(0);
    await waitForLine(log('sleeper'), /sleep-forever pid=\d+/);
    const lines = readText(log());
    const spawns = [...lines.matchAll(/: spawn child=(\S+) pid=\d+ attempt=1/g)].map((m) => m[1]);
    expect(spawns).toEqual(['web#0', 'web#1', 'jobs', 'sleeper']);
    // Both replicas say who they are (in either order: web#1 starts as soon as web#0 has spawned).
    await waitForLine(log('web'), /service=web instance=1 attempt=1/);
    await waitForLine(log('web'), /service=web instance=0 attempt=1/);
    await waitForLine(log('jobs'), /service=jobs instance=undefined attempt=1/);
    expect(daemonStatus({ pidFile }).running).toBe(true);
  });

  it('restarts a crashed service alone (one-for-one), its attempt counting on; SIGHUP reaches every worker', async () => {
    const { log, pidFile } = await startServices('crash-jobs');
    await waitForLine(log('jobs'), /service=jobs instance=undefined attempt=2/);
    const lines = readText(log());
    expect(lines).toMatch(/crash child=jobs pid=\d+ attempt=1 consecutiveFailures=1/);
    expect(lines).not.toMatch(/spawn child=web#0 pid=\d+ attempt=2/);
    const guard = daemonStatus({ pidFile }).pid!;
    process.kill(guard, 'SIGHUP');
    await waitForLine(log('jobs'), /got SIGHUP/);
    await expect.poll(() => readText(log('web')).match(/got SIGHUP/g)?.length ?? 0, { timeout: 15_000 }).toBe(2);
    // Not to the command service: sleep-forever has no SIGHUP handler and would have died (and been restarted).
    expect(readText(log('sleeper')).match(/sleep-forever pid=/g)).toHaveLength(1);
    expect(readText(log())).not.toMatch(/exit child=sleeper/);
  });

  it('stopDaemon() stops every service, last started first, and the guard exits 0', async () => {
    const { log, pidFile } = await startServices();
    await waitForLine(log('sleeper'), /sleep-forever pid=\d+/);
    const guard = daemonStatus({ pidFile }).pid!;
    await stopDaemon({ pidFile, timeoutMs: 15_000 });
    expect(isAlive(guard)).toBe(false);
    const stops = [...readText(log()).matchAll(/: stop child=(\S+) reason=requested/g)].map((m) => m[1]);
    expect(stops).toEqual(['sleeper', 'jobs', 'web#1', 'web#0']);
    expect(readText(log())).toMatch(/tree-stop reason=requested[\s\S]*exiting with code 0/);
  });

  it('a mistake in the services is thrown in the terminal, naming the option, and nothing starts', async () => {
    const top = await startServices('-', '--bad=top-level-readiness');
    expect(top.launcher.code).not.toBe(0);
    expect(top.launcher.stderr).toContain('daemon(): with `services`, give `readiness` per service (services.<name>.readiness)');
    const service = await startServices('-', '--bad=service-option');
    expect(service.launcher.code).not.toBe(0);
    expect(service.launcher.stderr).toContain('daemon(): unknown option `services.web.readines`');
    expect(readText(service.log())).toBe('');
    const args = await startServices('-', '--bad=worker-args');
    expect(args.launcher.stderr).toContain('daemon(): `services.web.args` belongs to a service with a `command`');
  });
});
