import { fs } from '../process/builtins.js';
import { identityOf, isSameProcess, type ProcessIdentity } from '../process/process-identity.js';
import { procStat } from '../process/process-liveness.js';
import { removeFile } from './pid-file.js';
import { REAP_TIMEOUT_MS } from '../supervisor/machine.js';

/**
 * The guard's children as a file in the state folder, rewritten at each spawn and exit: if the guard is killed with
 * SIGKILL (or by the OOM killer), children that do not hold an IPC link to it run on, and its successor reads this
 * file to reap them before it starts anything, so that a restart never runs duplicates.
 */
export class ChildrenRecord {
  readonly #live = new Map<number, ProcessIdentity>();
  #scheduled = false;
  #cleared = false;

  constructor(readonly path: string) {}

  /** A child was spawned: its identity is read now, while it certainly lives. */
  add(pid: number): void {
    const identity = identityOf(pid);
    if (identity === undefined) return;
    this.#live.set(pid, identity);
    this.#schedule();
  }

  remove(pid: number): void {
    if (this.#live.delete(pid)) this.#schedule();
  }

  // Written once per turn, after the event's other listeners (a subscriber waiting for the event, the next spawn of a
  // restart): the file lags the children by at most that turn.
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#cleared) this.#write();
    });
  }

  /** The guard is ending cleanly: no child of its is left, and the file goes. */
  clear(): void {
    this.#live.clear();
    this.#cleared = true;
    try {
      removeFile(this.path);
    } catch {
      // Nothing to clean up.
    }
  }

  #write(): void {
    const temp = `${this.path}.${process.pid}.tmp`;
    try {
      fs().writeFileSync(temp, `${JSON.stringify([...this.#live.values()])}\n`, { mode: 0o600 });
      fs().renameSync(temp, this.path);
    } catch {
      // A full disk must not stop supervision; the record is a safety net, not a duty.
    }
  }
}

/** The identities in a children record; [] when there is none or it cannot be trusted (not ours, not a record). */
export function readChildrenRecord(path: string): ProcessIdentity[] {
  try {
    const stat = fs().lstatSync(path);
    const uid = process.getuid?.();
    if (!stat.isFile() || (uid !== undefined && stat.uid !== uid) || stat.size > 1024 * 1024) return [];
    const value = JSON.parse(fs().readFileSync(path, 'utf8')) as unknown;
    if (!Array.isArray(value)) return [];
    return value.filter(
      (v): v is ProcessIdentity =>
        typeof v === 'object' && v !== null && Number.isSafeInteger(v.pid) && v.pid > 1 && typeof v.start === 'string' && typeof v.boot === 'string',
    );
  } catch {
    return [];
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops the children a dead predecessor recorded in `path` that are still the same processes (pid, start time and
 * boot compared): each one's process group gets SIGTERM (it leads its group, as the spawner made it), then SIGKILL
 * after `killTimeoutMs`. Resolves with the pids it stopped, once they are gone; removes the record.
 */
export async function reapLeftovers(path: string, killTimeoutMs: number): Promise<number[]> {
  const leftovers = readChildrenRecord(path).filter(isSameProcess);
  const signalGroup = (identity: ProcessIdentity, signal: NodeJS.Signals) => {
    if (!isSameProcess(identity)) return;
    // Its group only if it still leads one (the spawner's children do); never a bare pid of another group.
    const leads = process.platform !== 'linux' || Number(procStat(identity.pid)?.[2]) === identity.pid;
    try {
      process.kill(leads ? -identity.pid : identity.pid, signal);
    } catch {
      // Gone meanwhile.
    }
  };
  for (const identity of leftovers) signalGroup(identity, 'SIGTERM');
  const deadline = performance.now() + killTimeoutMs;
  let killed = false;
  while (leftovers.some(isSameProcess)) {
    // A process in uninterruptible sleep may outlive SIGKILL: wait for it as the supervisor does, then carry on.
    if (killed && performance.now() > deadline + REAP_TIMEOUT_MS) break;
    if (!killed && performance.now() > deadline) {
      killed = true;
      for (const identity of leftovers) signalGroup(identity, 'SIGKILL');
    }
    await sleep(20);
  }
  removeFile(path);
  return leftovers.map((identity) => identity.pid);
}
