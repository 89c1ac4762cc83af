// /proc helpers (Linux): liveness that does not count zombies, process-group membership, and finding the processes
// a benchmark run started by a tag in their environment (inherited by every descendant, detached or not).
import { readdirSync, readFileSync } from 'node:fs';

/** [state, ppid, pgrp] of `pid`, or undefined when there is no such process. */
export function procStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: f[0], ppid: Number(f[1]), pgrp: Number(f[2]) };
  } catch {
    return undefined;
  }
}

/** Alive = exists and is not a zombie (where pid 1 reaps slowly, an exited orphan can linger as one). */
export function isAlive(pid) {
  const st = procStat(pid)?.state;
  return st !== undefined && st !== 'Z' && st !== 'X';
}

function allPids() {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Live (non-zombie) members of process group `pgid`. */
export function groupMembers(pgid) {
  return allPids().filter((pid) => {
    const st = procStat(pid);
    return st !== undefined && st.pgrp === pgid && st.state !== 'Z' && st.state !== 'X';
  });
}

export function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/** Live processes other than this one whose environment holds `name=value`. */
export function processesTagged(name, value) {
  const needle = `${name}=${value}`;
  return allPids().filter((pid) => {
    if (pid === process.pid || !isAlive(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(needle);
    } catch {
      return false;
    }
  });
}

/** VmRSS of `pid` in KiB, from /proc/<pid>/status. */
export function vmRssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}
