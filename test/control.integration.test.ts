import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AlreadyRunningError,
  connect,
  daemonStatus,
  startDaemon,
  stopDaemon,
  type StartDaemonOptions,
} from '@daemonkit/core';
import { defer } from './helpers/cleanup.js';
import { registerPid } from './helpers/pid-registry.js';
import { isAlive } from './helpers/process-liveness.js';
import { readText, runNode, waitForLine } from './helpers/programs.js';
import { fixture, tempDir } from './helpers/supervisors.js';

const node = process.execPath;

/** startDaemon() in a fresh state folder; the guard is registered for the leak check and stopped after the test. */
async function start(services: StartDaemonOptions['services'], extra: Partial<StartDaemonOptions> = {}) {
  const home = extra.home ?? tempDir();
  defer(() => stopDaemon({ name: extra.name ?? 'app', home, timeoutMs: 15_000 }));
  const started = await startDaemon({ name: 'app', home, services, ...extra });
  registerPid(started.pid);
  return { ...started, home };
}

describe('startDaemon() and the control socket', () => {
  it('starts a tree of commands, reports status, streams events, restarts, signals, and stops everything', async () => {
    const { pid, paths, status, home } = await start({
      web: { command: node, args: [fixture('sleep-forever.mjs')], instances: 2 },
      flaky: { command: node, args: [fixture('exit-with.mjs'), '3', '200'], policy: { preset: 'restart', options: { backoff: 50 } } },
    });
    expect(status.children.map((c) => [c.id, c.state])).toEqual([
      ['web#0', 'running'],
      ['web#1', 'running'],
      ['flaky', 'running'],
    ]);
    expect(status.guard).toMatchObject({ pid, name: 'app', state: 'running' });
    expect(daemonStatus({ name: 'app', home })).toEqual({ running: true, pid });

    const remote = await connect({ name: 'app', home });
    defer(() => remote.close());
    const crash = new Promise<{ child: string; consecutiveFailures: number; run: { startedAt: number } }>((resolve) =>
      remote.on('crash', (event) => resolve(event)),
    );
    const event = await crash;
    expect(event).toMatchObject({ child: 'flaky', run: { outcome: { kind: 'exited', code: 3 } } });
    // Instants come back as epoch milliseconds of this process's clock.
    expect(Math.abs(event.run.startedAt - Date.now())).toBeLessThan(60_000);

    const before = (await remote.status()).children.find((c) => c.id === 'web#1')!;
    await remote.restart('web', { rolling: true });
    const after = (await remote.status()).children.find((c) => c.id === 'web#1')!;
    expect(after.pid).not.toBe(before.pid);
    expect(after.attempt).toBe(before.attempt + 1);

    await remote.signal('SIGTERM', 'web#0');
    await waitForLine(join(home, 'app.web.log'), /got SIGTERM/);

    const report = await remote.status();
    const flaky = report.children.find((c) => c.id === 'flaky')!;
    expect(flaky.consecutiveFailures).toBeGreaterThan(0);
    expect(flaky.lastExit).toMatch(/exited with code 3 after/);
    const pids = [pid, ...report.children.map((c) => c.pid).filter((p): p is number => p !== undefined)];

    await remote.stop();
    for (const p of pids) expect(isAlive(p), `pid ${p} after stop()`).toBe(false);
    expect(existsSync(paths.pidFile)).toBe(false);
    expect(existsSync(paths.socket)).toBe(false);
    expect(daemonStatus({ name: 'app', home })).toEqual({ running: false });
  });

  it('events() yields the same events, in order, until the tree stops', async () => {
    const { home, pid } = await start({ once: { command: node, args: [fixture('exit-with.mjs'), '0', '300'], restart: 'transient' } });
    const remote = await connect({ name: 'app', home });
    const seen: string[] = [];
    for await (const event of remote.events()) seen.push(event.type);
    expect(seen).toEqual(['exit', 'stop', 'tree-stop']);
    // The guard closes its connections, then exits (its tree completed): both happen.
    await remote.closed;
    await expect.poll(() => isAlive(pid), { timeout: 15_000 }).toBe(false);
  });

  it('reopen-logs on the socket moves output to a new file after logrotate renamed the old one; tail reads it', async () => {
    const home = tempDir();
    const log = join(home, 'tick.log');
    const { paths } = await start({ tick: { command: node, args: [fixture('tick.mjs')], logFile: { path: log, maxBytes: 64 * 1024 * 1024 } } }, { home });
    await waitForLine(log, /^tick 3$/m);
    renameSync(log, `${log}.1`);
    const remote = await connect({ socket: paths.socket });
    defer(() => remote.close());
    await remote.reopenLogs();
    // Reopened by path when the reply came, not at the writer's own check a second later.
    expect(existsSync(log)).toBe(true);
    await waitForLine(log, /^tick \d+$/m);
    expect(statSync(log).mode & 0o777).toBe(0o640);
    const lines: string[] = [];
    for await (const line of remote.tail({ lines: 2 })) lines.push(line);
    expect(lines).toEqual([expect.stringMatching(/^tick \d+$/), expect.stringMatching(/^tick \d+$/)]);
    // Every line went to exactly one of the two files, whole and in order.
    await remote.stop();
    const numbers = [...readText(`${log}.1`).split('\n'), ...readText(log).split('\n')].filter(Boolean).map((l) => Number(/^tick (\d+)$/.exec(l)?.[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i));
  });

  it('rejects with the reason when a command cannot be spawned, leaving nothing running', async () => {
    const home = tempDir();
    const error = await startDaemon({ name: 'app', home, services: { ok: { command: node, args: [fixture('sleep-forever.mjs')] }, bad: { command: join(home, 'no-such-program') } } }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/^app: bad: .*ENOENT.*\(see .*app\.log\)$/);
    const log = readText(join(home, 'app.log'));
    const [, guard] = /guard\[(\d+)\]/.exec(log) ?? [];
    await expect.poll(() => isAlive(Number(guard)), { timeout: 15_000 }).toBe(false);
    expect(existsSync(join(home, 'app.pid'))).toBe(false);
    expect(existsSync(join(home, 'app.sock'))).toBe(false);
  });

  it('refuses a name already running, and throws bad options at once, naming them', async () => {
    const { home, pid } = await start({ web: { command: node, args: [fixture('sleep-forever.mjs')] } });
    const again = await startDaemon({ name: 'app', home, services: { web: { command: node } } }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AlreadyRunningError);
    expect((again as AlreadyRunningError).pid).toBe(pid);
    await expect(startDaemon({ name: 'app', home, services: { web: { command: node, instances: 0 } } })).rejects.toThrow(/services\.web\.instances/);
    await expect(startDaemon({ name: 'app', home, services: { web: { command: node, policy: { preset: 'pm3' as 'pm2' } } } })).rejects.toThrow(
      /services\.web\.policy\.preset must be one of .*"pm3"/,
    );
    await expect(startDaemon({ name: '../etc', home, services: { web: { command: node } } })).rejects.toThrow(/`name` must be/);
  });

  it('says so at launch when the socket path is too long for a Unix socket', async () => {
    const home = join(tempDir(), 'x'.repeat(120));
    await expect(startDaemon({ name: 'app', home, services: { web: { command: node } } })).rejects.toThrow(/over the 10\d a Unix socket allows/);
  });

  it('a new guard reaps the children of a guard killed with SIGKILL before it starts its own', async () => {
    const home = tempDir();
    const services = { web: { command: node, args: [fixture('sleep-forever.mjs')], instances: 2 } };
    const first = await start(services, { home });
    const orphans = first.status.children.map((c) => c.pid!);
    // Wait for the record to name both children (it is written once per turn).
    await expect.poll(() => (JSON.parse(readText(join(home, 'app.children.json')) || '[]') as unknown[]).length).toBe(2);
    process.kill(first.pid, 'SIGKILL');
    await expect.poll(() => isAlive(first.pid)).toBe(false);
    for (const orphan of orphans) expect(isAlive(orphan)).toBe(true);
    expect(daemonStatus({ name: 'app', home }).running).toBe(false);

    const second = await start(services, { home });
    for (const orphan of orphans) expect(isAlive(orphan), `orphan ${orphan}`).toBe(false);
    expect(readText(join(home, 'app.log'))).toMatch(/reaped 2 leftover children of a dead guard/);
    expect(second.status.children.every((c) => c.state === 'running' && !orphans.includes(c.pid!))).toBe(true);
  });
});

describe('the pid file contract (daemon())', () => {
  it('`echo 1 > app.pid`: status is not running with a warning, stopDaemon signals nothing, daemon() starts', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'app.pid');
    writeFileSync(pidFile, '1\n');
    expect(daemonStatus({ pidFile })).toEqual({ running: false, warning: expect.stringContaining('does not hold a daemonkit pid record') });
    expect(await stopDaemon({ pidFile })).toMatchObject({ running: false });
    expect(isAlive(1)).toBe(true);
    defer(() => stopDaemon({ pidFile, timeoutMs: 15_000 }));
    const launcher = await runNode([fixture('daemon-app.mjs'), dir, 'serve']);
    expect(launcher.code).toBe(0);
    const status = daemonStatus({ pidFile });
    expect(status.running).toBe(true);
    const record = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number; start: string; socket: string };
    expect(record).toMatchObject({ pid: status.pid, start: expect.any(String), socket: join(dir, 'app.sock') });
  });

  it('a daemon() guard answers on its socket: status lists its single worker, stop() takes both down', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'app.pid');
    defer(() => stopDaemon({ pidFile, timeoutMs: 15_000 }));
    await runNode([fixture('daemon-app.mjs'), dir, 'serve']);
    const remote = await connect({ pidFile });
    await remote.waitUp();
    const { guard, children } = await remote.status();
    expect(children).toEqual([expect.objectContaining({ id: 'worker', state: 'running', attempt: 1, logFile: join(dir, 'guard.log') })]);
    await remote.stop();
    expect(isAlive(guard.pid) || isAlive(children[0]!.pid!)).toBe(false);
  });

  it('daemon({ name }) keeps its pid file, socket and log in the state folder, where connect({ name }) finds it', async () => {
    const home = tempDir();
    defer(() => stopDaemon({ name: 'named', home, timeoutMs: 15_000 }));
    const launcher = await runNode([fixture('daemon-app.mjs'), tempDir(), 'serve', '--name=named'], { ...process.env, DAEMONKIT_HOME: home });
    expect(launcher.code, launcher.stderr).toBe(0);
    const remote = await connect({ name: 'named', home });
    await remote.waitUp();
    expect(remote.greeting.name).toBe('named');
    await waitForLine(join(home, 'named.log'), /worker\[\d+\] started attempt=1/);
    expect(existsSync(join(home, 'named.pid')) && existsSync(join(home, 'named.sock'))).toBe(true);
    await remote.stop();
    expect(daemonStatus({ name: 'named', home })).toEqual({ running: false });
  });

  it('four launchers at once: exactly one guard runs, the others say it is already running', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'app.pid');
    defer(() => stopDaemon({ pidFile, timeoutMs: 15_000 }));
    const launchers = await Promise.all(Array.from({ length: 4 }, () => runNode([fixture('daemon-app.mjs'), dir, 'serve'])));
    expect(launchers.filter((l) => l.code === 0)).toHaveLength(1);
    for (const failed of launchers.filter((l) => l.code !== 0)) expect(failed.stderr).toMatch(/Already running/);
    await waitForLine(join(dir, 'guard.log'), /worker\[\d+\] started/);
    const guards = execFileSync('ls', [dir], { encoding: 'utf8' });
    expect(guards).toMatch(/app\.pid/);
    expect(readText(join(dir, 'guard.log')).match(/: started for /g)).toHaveLength(1);
  });
});
