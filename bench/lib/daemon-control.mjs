// Starting and stopping bench/daemon-app.mjs under daemon(), and the same program run plainly: shared by the memory
// measurement (the guard's RSS) and the daemon() measurement (launcher and worker start-up). Every daemon started
// here is stopped with stopDaemon() and checked by pid; the stops are reported in one row (stopsRow).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { fmtMs, verdict } from './format.mjs';
import { NODE } from './node.mjs';
import { benchFile, distEsmUrl, rootDir } from './paths.mjs';
import { cmdline, groupMembers, isAlive, vmRssKiB } from './procs.mjs';
import { median } from './stats.mjs';
import { freshDir, killQuietly, track, untrack } from './tracking.mjs';

export const daemonApp = benchFile('daemon-app.mjs');

let distModule;
/** The built package, for stopDaemon(); loaded on first use so that the earlier measurements run without it. */
const dist = async () => (distModule ??= await import(distEsmUrl));

async function waitForJson(path, timeoutMs, what) {
  const deadline = performance.now() + timeoutMs;
  while (!existsSync(path)) {
    if (performance.now() > deadline) throw new Error(`${what}: ${path} did not appear within ${timeoutMs} ms`);
    await delay(2);
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** `node bench/daemon-app.mjs <dir>` from spawn to the launcher's exit (spawnSync: the shell's view). */
function launchDaemon(dir, nodeFlags = []) {
  const pidFile = join(dir, 'app.pid');
  const t0 = performance.now();
  const r = spawnSync(NODE, [...nodeFlags, daemonApp, dir], { cwd: rootDir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
  const t1 = performance.now();
  const launcherMs = t1 - t0;
  let guardPid;
  try {
    // The pid file is a JSON record ({ pid, start, boot, ... }).
    guardPid = Number(JSON.parse(readFileSync(pidFile, 'utf8')).pid);
    track(guardPid);
  } catch {
    // No pid file: reported below; a guard started anyway is found by the final sweep.
  }
  if (r.status !== 0 || !guardPid) {
    throw new Error(`daemon launcher failed (status ${r.status}, ${r.error ?? ''}): ${r.stderr}`);
  }
  const span = { startAbs: performance.timeOrigin + t0, endAbs: performance.timeOrigin + t1 };
  return { dir, pidFile, guardPid, launcherMs, span, stderr: String(r.stderr) };
}

/**
 * stopDaemon({ pidFile }) from the built package, then checks by pid that the guard, the worker and both of their
 * process groups are gone. Anything left is SIGKILLed by pid and group and counted (a leak is a finding).
 */
async function stopAndVerify(launch, workerPid) {
  const { stopDaemon } = await dist();
  const t0 = performance.now();
  let stopError;
  try {
    await stopDaemon({ pidFile: launch.pidFile, timeoutMs: 10_000 });
  } catch (error) {
    stopError = error.message;
  }
  const stopMs = performance.now() - t0;
  const pids = [launch.guardPid, workerPid].filter(Boolean);
  const leftovers = () => [...new Set([...pids.filter(isAlive), ...pids.flatMap(groupMembers)])];
  const left = leftovers().map((pid) => ({ pid, cmd: cmdline(pid) }));
  if (left.length > 0) {
    for (const pid of pids) {
      killQuietly(pid);
      killQuietly(-pid);
    }
    for (const { pid } of left) killQuietly(pid);
    const deadline = performance.now() + 3000;
    while (leftovers().length > 0 && performance.now() < deadline) await delay(10);
    if (leftovers().length > 0) throw new Error(`daemon processes survive SIGKILL: ${leftovers().join(' ')}`);
  }
  for (const pid of pids) untrack(pid);
  return { stopMs, stopError, left, pidFileLeft: existsSync(launch.pidFile) };
}

/** A fresh daemon: launcher timing, the first worker's figures, optionally the guard's RSS after a settle; stopped. */
export async function runDaemonOnce({ settleMs = 0, nodeFlags = [] } = {}) {
  const launch = launchDaemon(freshDir('daemon'), nodeFlags);
  let worker;
  let rss;
  let failure;
  try {
    worker = await waitForJson(join(launch.dir, 'worker-1.json'), 15_000, 'daemon worker');
    track(worker.pid);
    if (settleMs > 0) {
      await delay(settleMs); // the deliberate settle delay, from the worker's first line
      rss = { guardRssKiB: vmRssKiB(launch.guardPid), workerRssKiB: vmRssKiB(worker.pid) };
    }
  } catch (error) {
    failure = error;
  }
  const stop = await stopAndVerify(launch, worker?.pid);
  if (failure) throw failure;
  return { launcherMs: launch.launcherMs, guardPid: launch.guardPid, worker, ...rss, stop, launch };
}

/**
 * The same program without daemon(), as a plain child: its figures, then SIGTERM by pid. With `ipc`, spawned as the
 * guard spawns its worker (detached, an IPC channel as fd 3), still without daemon(): what Node's own channel set-up
 * costs before the program's first line (info).
 */
export async function runPlainOnce({ ipc = false } = {}) {
  const dir = freshDir(ipc ? 'plain-ipc' : 'plain');
  const child = spawn(NODE, [daemonApp, dir, 'plain'], {
    cwd: rootDir,
    stdio: ipc ? ['ignore', 'ignore', 'inherit', 'ipc'] : ['ignore', 'ignore', 'inherit'],
    detached: ipc,
  });
  track(child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    return await waitForJson(join(dir, 'plain.json'), 15_000, 'plain app');
  } finally {
    child.kill('SIGTERM');
    await exited;
    untrack(child.pid);
  }
}

/** The report row over every stopAndVerify() result of the run (daemon() samples and the memory rounds' guards). */
export function stopsRow(stops) {
  const left = stops.reduce((n, st) => n + st.left.length, 0);
  const stopErrors = stops.filter((st) => st.stopError).length;
  const pidFilesLeft = stops.filter((st) => st.pidFileLeft).length;
  return {
    metric: `stopDaemon(): guard + worker + their groups gone (${stops.length} daemons)`,
    baseline: '-',
    subject: `${left} left, ${stopErrors} errors, ${pidFilesLeft} pid files left`,
    delta: `stop took ${fmtMs(median(stops.map((st) => st.stopMs)), 1)} (median)`,
    target: '0 left',
    result: verdict(left === 0 && stopErrors === 0 && pidFilesLeft === 0),
  };
}
