// Process bookkeeping: every process this benchmark starts asynchronously is tracked by pid and killed by pid (and
// detached children by process group) if the benchmark ends early. Never by name.
//
// Every process this run starts, and every descendant (detached guards and workers included), inherits a run tag in
// its environment: the final sweep finds leftovers by it (/proc/<pid>/environ), so it never touches anyone else's.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { cmdline, processesTagged } from './procs.mjs';

const RUN_TAG_ENV = 'DAEMONKIT_BENCH_RUN';
const livePids = new Set();
const liveGroups = new Set();
let runTag;
let tmpRoot;
let dirCount = 0;

/** process.kill that ignores a process already gone; true when the signal was sent. */
export function killQuietly(target, signal = 'SIGKILL') {
  try {
    process.kill(target, signal);
    return true;
  } catch {
    return false;
  }
}

export function killTracked() {
  for (const pid of livePids) killQuietly(pid);
  for (const pgid of liveGroups) killQuietly(-pgid);
  livePids.clear();
  liveGroups.clear();
}

/**
 * Call once, before starting any process: sets the run tag (inherited from here on), creates the run's temp dir
 * (pid files, logs and figures; removed on the way out, after the kills) and installs the exit/signal clean-up.
 */
export function beginRun() {
  runTag = `${process.pid}.${Date.now()}`;
  process.env[RUN_TAG_ENV] = runTag;
  tmpRoot = mkdtempSync(join(tmpdir(), 'daemonkit-bench-'));
  process.on('exit', killTracked);
  process.on('exit', () => rmSync(tmpRoot, { recursive: true, force: true }));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      killTracked();
      process.exit(130);
    });
  }
}

/** A new, empty directory under the run's temp dir. */
export function freshDir(kind) {
  if (!tmpRoot) throw new Error('bench: beginRun() was not called');
  const dir = join(tmpRoot, `${kind}-${++dirCount}`);
  mkdirSync(dir);
  return dir;
}

export const trackPid = (pid) => livePids.add(pid);
export const untrackPid = (pid) => livePids.delete(pid);
export const trackGroup = (pgid) => liveGroups.add(pgid);
export const untrackGroup = (pgid) => liveGroups.delete(pgid);
/** Guards and workers are detached: each leads its own process group; tracked as both. */
export const track = (pid) => {
  livePids.add(pid);
  liveGroups.add(pid);
};
export const untrack = (pid) => {
  livePids.delete(pid);
  liveGroups.delete(pid);
};

/** Last: any live process carrying this run's tag is a leftover. Killed by pid (SIGKILL) and reported. */
export async function sweepLeftovers() {
  const found = processesTagged(RUN_TAG_ENV, runTag).map((pid) => ({ pid, cmd: cmdline(pid) }));
  for (const { pid } of found) killQuietly(pid);
  if (found.length > 0) await delay(100);
  return found;
}
