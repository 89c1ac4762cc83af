// The messages exchanged over the IPC channel between a supervisor and a node worker. Tagged with `daemonkit` so
// that an application's own messages on the same channel are never mistaken for them.

/**
 * Set in a child's environment when a daemonkit supervisor holds its IPC channel: the worker API talks only then,
 * never to another kind of parent (a test runner, a cluster master) that happens to have a channel too.
 */
export const SUPERVISED_ENV = 'DAEMONKIT_SUPERVISED';

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
