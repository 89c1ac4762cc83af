import { describeRun } from '../policy/describe.js';
import type { RunRecord } from '../policy/types.js';
import { rootChildName } from '../tree/node.js';

/** What the control socket's `status` says about one child. Durations are the guard's, instants are wall clock. */
export interface ChildReport {
  /** `web#1`, `jobs/mailer`; `worker` for daemon()'s single worker. */
  readonly id: string;
  /** The service (the tree child's name) it belongs to: `web` for `web#1`. */
  readonly service: string;
  readonly state: 'idle' | 'running' | 'backoff' | 'held' | 'stopping' | 'stopped';
  readonly pid?: number;
  readonly attempt: number;
  readonly restarts: number;
  /** Failed runs in a row, as the last crash reported; 0 after a run that did not fail. */
  readonly consecutiveFailures: number;
  /** The last run's end, in words: `exited with code 1 after 120 ms`. */
  readonly lastExit?: string;
  /** When the last run ended, wall clock. */
  readonly lastExitAt?: string;
  /** How long the current run has been up, in ms (while it runs). */
  readonly uptimeMs?: number;
  /** Whether the current run called notifyReady(). */
  readonly ready: boolean;
  /** Resident memory of the last heartbeat of the current run, in bytes. */
  readonly memoryBytes?: number;
  readonly logFile?: string;
}

interface Tracked {
  startedAt: number | undefined;
  ready: boolean;
  memoryBytes: number | undefined;
  consecutiveFailures: number;
  crashed: boolean;
  lastRun: RunRecord | undefined;
}

/**
 * Keeps, per child, what the tree's status does not: fed with the tree's events (each naming its child), it answers the
 * run's start, readiness, memory, failures in a row and last exit.
 */
export class ChildTracker {
  readonly #children = new Map<string, Tracked>();

  #of(child: string): Tracked {
    let tracked = this.#children.get(child);
    if (!tracked) {
      tracked = { startedAt: undefined, ready: false, memoryBytes: undefined, consecutiveFailures: 0, crashed: true, lastRun: undefined };
      this.#children.set(child, tracked);
    }
    return tracked;
  }

  /** Feeds one event of the child `child`. */
  record(name: string, child: string, payload: Record<string, unknown>): void {
    const t = this.#of(child);
    switch (name) {
      case 'spawn':
        // A run that ended without a crash breaks the series of failures.
        if (!t.crashed) t.consecutiveFailures = 0;
        t.startedAt = payload.startedAt as number;
        t.ready = false;
        t.memoryBytes = undefined;
        break;
      case 'ready':
        t.ready = true;
        break;
      case 'heartbeat':
        t.memoryBytes = (payload.memory as { rss: number }).rss;
        break;
      case 'exit':
        t.lastRun = payload.run as RunRecord;
        t.startedAt = undefined;
        t.ready = false;
        t.crashed = false;
        break;
      case 'crash':
        t.crashed = true;
        t.consecutiveFailures = payload.consecutiveFailures as number;
        break;
    }
  }

  /** The report of a child whose tree status is `status`, at `now` (the guard's clock); `iso` converts its instants. */
  report(
    status: { readonly id: string; readonly state: ChildReport['state']; readonly pid: number | undefined; readonly attempt: number; readonly restarts: number },
    now: number,
    iso: (t: number) => string,
    logFile: string | undefined,
  ): ChildReport {
    const t = this.#of(status.id);
    const running = status.pid !== undefined && t.startedAt !== undefined;
    return Object.freeze({
      id: status.id,
      service: rootChildName(status.id),
      state: status.state,
      ...(status.pid !== undefined ? { pid: status.pid } : {}),
      attempt: status.attempt,
      restarts: status.restarts,
      consecutiveFailures: t.consecutiveFailures,
      ...(t.lastRun ? { lastExit: describeRun(t.lastRun), lastExitAt: iso(t.lastRun.endedAt) } : {}),
      ...(running ? { uptimeMs: Math.max(0, Math.round(now - (t.startedAt as number))) } : {}),
      ready: running && t.ready,
      ...(running && t.memoryBytes !== undefined ? { memoryBytes: t.memoryBytes } : {}),
      ...(logFile !== undefined ? { logFile } : {}),
    });
  }
}
