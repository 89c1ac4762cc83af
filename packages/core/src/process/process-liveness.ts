import { fs } from './builtins.js';

/**
 * Whether `pid` is a live process. A zombie is not: where pid 1 does not reap orphans (containers), an exited
 * daemon stays a zombie and kill(pid, 0) keeps answering for it.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const state = procStat(pid)?.[0];
  return state !== 'Z' && state !== 'X';
}

/** Fields of /proc/<pid>/stat after the command name: [0] state, [1] ppid, [2] pgrp, ... [19] starttime. */
export function procStat(pid: number | string): string[] | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = fs().readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}
