// The messages exchanged over the IPC channel between a supervisor and a node worker. Tagged with `daemonkit` so
// that an application's own messages on the same channel are never mistaken for them.

/**
 * Set in a child's environment when a daemonkit supervisor holds its IPC channel: the worker API talks only then,
 * never to another kind of parent (a test runner, a cluster master) that happens to have a channel too. Its value is
 * the shortest interval, in ms, at which heartbeat() sends a message.
 */
export const SUPERVISED_ENV = 'DAEMONKIT_SUPERVISED';

/**
 * heartbeat() may be called as often as an application likes; it sends at most one message per this interval (a
 * quarter of the watchdog timeout, at most 1 s), so the supervisor's cost does not grow with the call rate.
 */
export function heartbeatIntervalMs(watchdogTimeoutMs: number | undefined): number {
  return watchdogTimeoutMs === undefined ? 1000 : Math.min(1000, Math.floor(watchdogTimeoutMs / 4));
}

/** Worker -> supervisor. */
export type WorkerMessage =
  | { readonly daemonkit: 'ready' }
  | { readonly daemonkit: 'heartbeat'; readonly memory: { readonly rss: number; readonly heapUsed: number } };

/** Supervisor -> worker. */
export type SupervisorMessage = { readonly daemonkit: 'shutdown' };

export function isWorkerMessage(message: unknown): message is WorkerMessage {
  if (message === null || typeof message !== 'object') return false;
  const tag = (message as { daemonkit?: unknown }).daemonkit;
  if (tag === 'ready') return true;
  if (tag !== 'heartbeat') return false;
  const memory = (message as { memory?: { rss?: unknown } }).memory;
  return typeof memory?.rss === 'number';
}

export function isShutdownMessage(message: unknown): message is SupervisorMessage {
  return message !== null && typeof message === 'object' && (message as { daemonkit?: unknown }).daemonkit === 'shutdown';
}
