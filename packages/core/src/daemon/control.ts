import { connect, NotRunningError } from '../control/client.js';
import { proveGuard } from '../control/pid-file.js';
import { daemonPaths } from '../control/state-home.js';
import { DaemonkitError } from '../errors.js';
import { goneWithin } from '../process/process-identity.js';

export interface DaemonStatus {
  readonly running: boolean;
  /** The guard's pid, when running (for stopDaemon(): the pid it had). */
  readonly pid?: number;
  /** Why the pid file was not trusted (garbage, another owner, a bare pid): it then reads as not running. */
  readonly warning?: string;
}

/** A daemon by its pid file, or by name in the state folder (`home`, default `stateHome()`). */
export type DaemonLocation = { readonly pidFile: string } | { readonly name: string; readonly home?: string };

const pidFileOf = (where: DaemonLocation) =>
  'pidFile' in where ? where.pidFile : daemonPaths(where.name, where.home === undefined ? {} : { home: where.home }).pidFile;

/**
 * Whether the daemon is running, read from its pid file, synchronously: running only when the process it names is
 * proven to be the guard that wrote it (pid, kernel start time, boot). Never throws: a bad file reads as not running,
 * with a `warning`.
 */
export function daemonStatus(where: DaemonLocation): DaemonStatus {
  const proof = proveGuard(pidFileOf(where));
  if (proof.running) return { running: true, pid: proof.record.pid };
  return proof.problem === undefined ? { running: false } : { running: false, warning: proof.problem };
}

/**
 * Stops the daemon and resolves once its guard and every child are gone: a `stop` on its control socket, or, for a
 * guard proven by the pid file that does not answer on one, SIGTERM to that guard. Rejects if it is still running after
 * `timeoutMs` (default 30 s). Resolves `{ running: false }` if it was not running.
 */
export async function stopDaemon(where: DaemonLocation & { readonly timeoutMs?: number }): Promise<DaemonStatus> {
  const timeoutMs = where.timeoutMs ?? 30_000;
  const proof = proveGuard(pidFileOf(where));
  if (!proof.running) return proof.problem === undefined ? { running: false } : { running: false, warning: proof.problem };
  const { record } = proof;
  if (record.socket !== undefined) {
    try {
      const remote = await connect({ socket: record.socket });
      await remote.stop({ timeoutMs });
      return { running: false, pid: record.pid };
    } catch (error) {
      if (!(error instanceof NotRunningError)) throw error;
    }
  }
  // Proven by the pid file, but no socket answers (an older guard): the signal goes to that process only.
  process.kill(record.pid, 'SIGTERM');
  if (!(await goneWithin(record, timeoutMs))) {
    throw new DaemonkitError(`The daemon's guard (pid ${record.pid}) is still running ${timeoutMs} ms after SIGTERM`);
  }
  return { running: false, pid: record.pid };
}
