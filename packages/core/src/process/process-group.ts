import { procStat } from './process-liveness.js';
import { fs } from './builtins.js';

const GROUPS_SUPPORTED = process.platform !== 'win32';

/** A pid a child of ours can have: an integer above 1 (1 is init; -1 and 0 mean "everyone" and "my group" to kill). */
const isChildPid = (pid: number): boolean => Number.isInteger(pid) && pid > 1;

/**
 * Signals the process group led by `pid` (the child was spawned detached, so it leads its own group and its
 * grandchildren share it). Returns false when there is no such group. Never falls back to the bare pid on a system
 * with process groups: once the group is gone its leader was reaped, and the number may belong to another process by
 * now. (Windows has no groups: there the child alone is signalled, which Node does only while it has not exited.)
 */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  // kill(-1) would reach every process this user may signal, kill(0) this process's own group: never a child's.
  if (!isChildPid(pid)) return false;
  try {
    process.kill(GROUPS_SUPPORTED ? -pid : pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the group led by `pid` still has a member that is not a zombie. kill(-pgid, 0) also answers for zombies,
 * which never go away where nothing reaps orphans (a container whose pid 1 does not wait), so on Linux a positive
 * answer is confirmed from /proc.
 */
export function groupAlive(pid: number): boolean {
  return liveMembers(pid, true).length > 0;
}

/**
 * The live (not zombie) members of the group led by `pid`. On Linux they are listed from /proc; elsewhere a group that
 * answers kill(-pgid, 0) is reported as its leader alone, the only pid known.
 */
export function groupMembers(pid: number): number[] {
  return liveMembers(pid, false);
}

/** The group's live members; with `firstOnly`, at most the first one found. */
function liveMembers(pid: number, firstOnly: boolean): number[] {
  if (!isChildPid(pid)) return [];
  if (!GROUPS_SUPPORTED) return signalGroup(pid, 0) ? [pid] : [];
  // This runs after every exit, and a probe of a group that is gone throws: one throw, then nothing else to do.
  try {
    process.kill(-pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return [];
  }
  return process.platform === 'linux' ? liveMembersOnLinux(pid, firstOnly) : [pid];
}

function liveMembersOnLinux(pgid: number, firstOnly: boolean): number[] {
  let entries: string[];
  try {
    entries = fs().readdirSync('/proc');
  } catch {
    return [pgid];
  }
  const members: number[] = [];
  for (const entry of entries) {
    const lead = entry.charCodeAt(0);
    if (lead < 48 || lead > 57) continue;
    const fields = procStat(entry);
    if (fields && Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') {
      members.push(Number(entry));
      if (firstOnly) break;
    }
  }
  return members;
}
