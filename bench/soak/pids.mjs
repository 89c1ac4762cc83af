// Process bookkeeping for the soak: every process it starts inherits the bench run tag (bench/lib/tracking.mjs), the
// live ones are tracked by pid and group for the exit/signal clean-up, and the final sweep kills leftovers by pid and
// group, never by name. pid_max is small on some machines (32768 here) and the soak starts ~12,000 processes, so a
// pid counts as ours only while the process carries this run's tag: a recycled pid is never signalled.
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { cmdline, groupMembers, isAlive, procStat, processesTagged } from '../lib/procs.mjs';
import { beginRun, freshDir, killQuietly, track, trackPid, untrack, untrackPid } from '../lib/tracking.mjs';

const TAG_ENV = 'DAEMONKIT_BENCH_RUN';

export { freshDir, track, trackPid, untrack };

/** Call once before starting any process: run tag, temp dir, exit/signal clean-up (bench/lib/tracking.mjs). */
export function startRun() {
  beginRun();
}

function tagged(pid) {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${TAG_ENV}=${process.env[TAG_ENV]}`);
  } catch {
    return false;
  }
}

/** A live (not zombie) process started by this run. */
export function isOurs(pid) {
  return pid > 0 && isAlive(pid) && tagged(pid);
}

/** Live members of process group `pgid` that belong to this run. */
export function ourGroupMembers(pgid) {
  return groupMembers(pgid).filter(tagged);
}

/** Kills `pid` (SIGKILL) and, when it leads its own group, the group: by pid and group only. */
function killOurs(pid) {
  const leader = procStat(pid)?.pgrp === pid;
  killQuietly(pid);
  if (leader) killQuietly(-pid);
}

/**
 * The end of the run: every recorded pid that is still ours, plus any live process carrying the run tag (a
 * descendant never recorded), is a leftover; each is SIGKILLed by pid/group, then checked again. Then every recorded
 * pid is untracked, so that the exit hook of bench/lib/tracking.mjs never signals a pid that was recycled meanwhile.
 */
export async function finalSweep(recordedPidLists) {
  const recorded = new Set();
  for (const list of recordedPidLists) for (const pid of list) if (pid > 0) recorded.add(pid);
  const fromRecords = [...recorded].filter(isOurs);
  const fromTag = processesTagged(TAG_ENV, process.env[TAG_ENV]);
  const found = [...new Set([...fromRecords, ...fromTag])].map((pid) => ({ pid, cmd: cmdline(pid) }));
  for (const { pid } of found) killOurs(pid);
  const deadline = Date.now() + 2000;
  let remaining = found.map((f) => f.pid).filter(isOurs);
  while (remaining.length > 0 && Date.now() < deadline) {
    await delay(20);
    remaining = remaining.filter(isOurs);
  }
  for (const pid of recorded) {
    untrack(pid);
    untrackPid(pid);
  }
  return { checked: recorded.size, found, remaining };
}
