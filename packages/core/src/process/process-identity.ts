import { childProcess, fs } from './builtins.js';
import { procStat } from './process-liveness.js';

/**
 * What proves that a pid still names the same process: its start time in the kernel's own units and the boot it
 * belongs to. A pid is reused after its process ends; the pair (start, boot) is not, so comparing it exactly tells a
 * live original from a stranger that was given the same number.
 */
export interface ProcessIdentity {
  readonly pid: number;
  /** Linux: clock ticks after boot (field 22 of /proc/<pid>/stat). Elsewhere: `ps -o lstart`, to the second. */
  readonly start: string;
  /** Linux: /proc/sys/kernel/random/boot_id. Elsewhere '' (the start time alone, to the second). */
  readonly boot: string;
}

let bootIdCache: string | undefined;

function bootId(): string {
  if (bootIdCache !== undefined) return bootIdCache;
  try {
    bootIdCache = process.platform === 'linux' ? fs().readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim() : '';
  } catch {
    bootIdCache = '';
  }
  return bootIdCache;
}

function startOf(pid: number): string | undefined {
  if (process.platform === 'linux') {
    const stat = procStat(pid);
    const state = stat?.[0];
    if (!stat || state === 'Z' || state === 'X') return undefined;
    return stat[19];
  }
  if (process.platform === 'win32') return undefined;
  try {
    const out = childProcess().execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The identity of the live process `pid`, or undefined when there is none (or it is a zombie). */
export function identityOf(pid: number): ProcessIdentity | undefined {
  if (!Number.isSafeInteger(pid) || pid <= 1) return undefined;
  const start = startOf(pid);
  return start === undefined ? undefined : { pid, start, boot: bootId() };
}

/** How often goneWithin() looks. */
const GONE_POLL_MS = 10;

/**
 * Resolves true once the process `identity` recorded is gone (not merely its pid reused), false if it still runs after
 * `timeoutMs`. Polls: a process that is not our child sends no event when it ends.
 */
export async function goneWithin(identity: ProcessIdentity, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (isSameProcess(identity)) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, GONE_POLL_MS));
  }
  return true;
}

/** Whether the process that `identity` recorded is still alive: same pid, same start, same boot. */
export function isSameProcess(identity: ProcessIdentity): boolean {
  const now = identityOf(identity.pid);
  return now !== undefined && now.start === identity.start && now.boot === identity.boot;
}
