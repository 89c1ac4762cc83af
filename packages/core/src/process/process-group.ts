import { procStat } from './process-liveness.js';
import { fs } from './builtins.js';

const GROUPS_SUPPORTED = process.platform !== 'win32';

/**
 * Signals the process group led by `pid` (the child was spawned detached, so it leads its own group and its
 * grandchildren share it). Falls back to the pid alone where groups do not exist. Errors for a group that is
 * already gone are ignored: signalling is always a best effort followed by a wait.
 */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(GROUPS_SUPPORTED ? -pid : pid, signal);
    return true;
  } catch {
    if (!GROUPS_SUPPORTED) return false;
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Whether the group led by `pid` still has a member that is not a zombie. kill(-pgid, 0) also answers for zombies,
 * which never go away where nothing reaps orphans (a container whose pid 1 does not wait), so on Linux a positive
 * answer is confirmed from /proc.
 */
export function groupAlive(pid: number): boolean {
  // No fallback to the pid alone here: the child leads its group, so no group means no child either. (This runs
  // after every exit, and each failed probe throws: one throw instead of two.)
  if (!GROUPS_SUPPORTED) return signalGroup(pid, 0);
  try {
    process.kill(-pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  return liveMembersOnLinux(pid);
}

function liveMembersOnLinux(pgid: number): boolean {
  let entries: string[];
  try {
    entries = fs().readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    const first = entry.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    const fields = procStat(entry);
    if (fields && Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}
