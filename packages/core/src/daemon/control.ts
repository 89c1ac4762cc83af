import { DaemonkitError } from '../errors.js';
import { isProcessAlive } from '../process/process-liveness.js';
import { livePidIn } from './pid-file.js';

export interface DaemonStatus {
  readonly running: boolean;
  /** The guard's pid, when running. */
  readonly pid?: number;
}

/** Whether the daemon whose guard holds `pidFile` is running. A stale pid file (dead or reused pid) is not. */
export function daemonStatus(options: { readonly pidFile: string }): DaemonStatus {
  const pid = livePidIn(options.pidFile);
  return pid === undefined ? { running: false } : { running: true, pid };
}

/** How often stopDaemon() looks whether the guard is gone. */
const POLL_MS = 25;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Asks the daemon's guard to stop (SIGTERM: the worker is stopped gracefully, then the guard exits) and resolves
 * when the guard is gone, which it only is once its worker is. Rejects if it is still running after `timeoutMs`
 * (default 10 s, above the guard's default kill timeout of 5 s). Resolves `{ running: false }` if it was not running.
 */
export async function stopDaemon(options: { readonly pidFile: string; readonly timeoutMs?: number }): Promise<DaemonStatus> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pid = livePidIn(options.pidFile);
  if (pid === undefined) return { running: false };
  process.kill(pid, 'SIGTERM');
  const deadline = performance.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (performance.now() > deadline) {
      throw new DaemonkitError(`The daemon's guard (pid ${pid}) is still running ${timeoutMs} ms after SIGTERM`);
    }
    await sleep(POLL_MS);
  }
  return { running: false, pid };
}
