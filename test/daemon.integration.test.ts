import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daemonStatus, stopDaemon } from '@daemonkit/core';
import { isAlive } from './helpers/process-liveness.js';
import { readText, runNode, stopAfterTest, waitForLine } from './helpers/programs.js';
import { fixture, tempDir } from './helpers/supervisors.js';

/** Starts daemon-app.mjs in a fresh folder; resolves once the launcher returned. */
async function startApp(behaviour: string, ...flags: string[]) {
  const dir = tempDir();
  const pidFile = join(dir, 'app.pid');
  const log = join(dir, 'guard.log');
  stopAfterTest(pidFile);
  const launcher = await runNode([fixture('daemon-app.mjs'), dir, behaviour, ...flags]);
  return { dir, pidFile, log, launcher };
}

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, 'gm'))?.length ?? 0;

/** Waits for the guard's last log line, then for the guard process itself to be gone; returns its exit code. */
async function guardExit(log: string): Promise<number> {
  const [, guard, code] = await waitForLine(log, /daemonkit guard\[(\d+)\]: exiting with code (\d)/);
  await expect.poll(() => isAlive(Number(guard)), { timeout: 15_000 }).toBe(false);
  return Number(code);
}

describe('daemon()', () => {
  it('with xdaemonPolicy({ maxCount: 2 }) runs the worker exactly twice, then the guard exits 0', async () => {
    const { log, launcher, pidFile } = await startApp('exit', '--policy=xdaemon:2:3:10');
    expect(launcher.code).toBe(0);
    expect(await guardExit(log)).toBe(0);
    const text = readText(log);
    expect(count(text, /: spawn pid=/)).toBe(2);
    expect(text).toMatch(/stop reason=completed/);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('gives up after maxError + 1 failures in a row and the guard exits 1', async () => {
    const { log } = await startApp('crash', '--policy=xdaemon:0:3:1');
    expect(await guardExit(log)).toBe(1);
    const text = readText(log);
    expect(count(text, /: spawn pid=/)).toBe(4);
    expect(text).toMatch(/giveup restarts=3 Gave up on .*4 failures in a row \(maxError 3\)/);
  });

  it('SIGTERM to the guard stops the worker gracefully, without a restart, and both exit', async () => {
    const { log, pidFile } = await startApp('serve');
    const [, worker] = await waitForLine(log, /worker\[(\d+)\] started attempt=1/);
    const guard = daemonStatus({ pidFile }).pid!;
    expect(guard).toBeGreaterThan(0);
    process.kill(guard, 'SIGTERM');
    expect(await guardExit(log)).toBe(0);
    expect(readText(log)).toMatch(new RegExp(`worker\\[${worker}\\] got SIGTERM`));
    expect(count(readText(log), /: spawn pid=/)).toBe(1);
    await expect.poll(() => isAlive(Number(worker)) || isAlive(guard), { timeout: 15_000 }).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('a guard killed by SIGKILL takes its worker down through its SIGTERM handler', async () => {
    const { log, pidFile } = await startApp('serve');
    const [, worker] = await waitForLine(log, /worker\[(\d+)\] started attempt=1/);
    process.kill(daemonStatus({ pidFile }).pid!, 'SIGKILL');
    await waitForLine(log, new RegExp(`worker\\[${worker}\\] got SIGTERM`));
    await expect.poll(() => isAlive(Number(worker)), { timeout: 15_000 }).toBe(false);
    // The stale pid file is recognised as such.
    expect(daemonStatus({ pidFile })).toEqual({ running: false });
  });

  it('forwards SIGHUP to the worker', async () => {
    const { log, pidFile } = await startApp('serve');
    const [, worker] = await waitForLine(log, /worker\[(\d+)\] started/);
    process.kill(daemonStatus({ pidFile }).pid!, 'SIGHUP');
    await waitForLine(log, new RegExp(`worker\\[${worker}\\] got SIGHUP`));
    expect(daemonStatus({ pidFile }).running).toBe(true);
  });

  it('refuses a second start while the first runs, in the terminal, leaving the first untouched', async () => {
    const first = await startApp('serve');
    await waitForLine(first.log, /worker\[\d+\] started/);
    const guard = daemonStatus({ pidFile: first.pidFile }).pid;
    const second = await runNode([fixture('daemon-app.mjs'), first.dir, 'serve']);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`Already running: ${first.pidFile} belongs to the live guard pid ${guard}`);
    expect(daemonStatus({ pidFile: first.pidFile })).toEqual({ running: true, pid: guard });
    expect(count(readText(first.log), /: started for /)).toBe(1);
  });

  it('replaces a stale pid file', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'app.pid');
    stopAfterTest(pidFile);
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    writeFileSync(pidFile, dead.stdout);
    const launcher = await runNode([fixture('daemon-app.mjs'), dir, 'serve']);
    expect(launcher.code).toBe(0);
    const status = daemonStatus({ pidFile });
    expect(status.running).toBe(true);
    expect(status.pid).not.toBe(Number(dead.stdout));
  });

  it('gives the worker identical arguments and no marker in its environment', async () => {
    const { dir, log } = await startApp('report');
    const [, json] = await waitForLine(log, /report (\{.*)$/m);
    const report = JSON.parse(json!) as { argv: string[]; marker: string | null };
    expect(report.argv).toEqual([fixture('daemon-app.mjs'), dir, 'report']);
    expect(report.marker).toBeNull();
  });

  it('fails in the launcher when the log file cannot be opened', async () => {
    const dir = tempDir();
    const launcher = await runNode([fixture('daemon-app.mjs'), dir, 'serve', `--log=${join(dir, 'missing', 'x.log')}`]);
    expect(launcher.code).not.toBe(0);
    expect(launcher.stderr).toMatch(/Cannot open logFile ".*missing\/x\.log": ENOENT/);
    expect(existsSync(join(dir, 'app.pid'))).toBe(false);
  });

  it('passes readiness through: a ready worker is logged ready, one that never is ends as ready-timeout', async () => {
    const ready = await startApp('ready', '--readiness=10000');
    await waitForLine(ready.log, /: ready pid=\d+ attempt=1 afterMs=\d+/);
    // Long enough for the worker to install its SIGTERM handler first, even on a loaded machine (with 300 ms it was
    // sometimes stopped before, and died of the signal instead).
    const silent = await startApp('serve', '--readiness=1500', '--policy=xdaemon:1:3:0');
    expect(await guardExit(silent.log)).toBe(0);
    // The fixture's SIGTERM handler exits 0: the outcome keeps that, under the reason the guard stopped it.
    expect(readText(silent.log)).toMatch(/exit pid=\d+ attempt=1 was not ready within 1500 ms, then exited with code 0/);
  });

  it('stopDaemon() resolves once guard and worker are gone; daemonStatus() tells', async () => {
    const { log, pidFile } = await startApp('serve');
    const [, worker] = await waitForLine(log, /worker\[(\d+)\] started/);
    const guard = daemonStatus({ pidFile }).pid!;
    expect(await stopDaemon({ pidFile })).toEqual({ running: false, pid: guard });
    expect(isAlive(guard)).toBe(false);
    expect(isAlive(Number(worker))).toBe(false);
    expect(daemonStatus({ pidFile })).toEqual({ running: false });
    expect(await stopDaemon({ pidFile })).toEqual({ running: false });
    expect(statSync(log).mode & 0o777).toBe(0o640);
  });
});
