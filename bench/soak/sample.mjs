// One sample of the supervising process: memory after a full GC, open fds, active resources by type, the
// Supervisor's listener counts (every event name) and the process's listeners for exit and the three signals.
//
// Memory: RSS, and how much of it is V8's heap (total_physical_size: the heap's resident pages). V8 grows its young
// generation in steps as scavenges see survivors (4 -> 8 -> 16 -> 32 MiB committed on 64-bit Node 20, then it stops;
// its memory reducer shrinks it again when allocation slows), in any long-running node program, and those steps
// move RSS by up to ~28 MiB. So the soak checks RSS outside the V8 heap (native memory: malloc, libuv, buffers) and
// heapUsed after GC (JS objects) separately; raw RSS, the heap's resident size and new space are shown as info.
import { readdirSync } from 'node:fs';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

export const PROCESS_EVENTS = ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP'];

/** Every event a Supervisor emits (LIFECYCLE_EVENT_NAMES plus `error`), and any other name it has listeners for. */
export function supervisorEventNames(dist, supervisor) {
  const names = new Set([...dist.LIFECYCLE_EVENT_NAMES, 'error']);
  for (const name of supervisor.eventNames()) names.add(String(name));
  return [...names];
}

export function countFds() {
  // The directory's own fd, opened for the listing, is counted too: a constant +1.
  return readdirSync('/proc/self/fd').length;
}

export function resourcesByType() {
  const byType = {};
  for (const type of process.getActiveResourcesInfo()) byType[type] = (byType[type] ?? 0) + 1;
  return byType;
}

export function processListenerCounts() {
  const counts = {};
  for (const name of PROCESS_EVENTS) counts[name] = process.listenerCount(name);
  return counts;
}

/** Memory after two full GCs. */
export function sampleMemory(gc) {
  gc();
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  const heapResident = getHeapStatistics().total_physical_size;
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
  return { rss, heapUsed, heapResident, rssOutsideHeap: rss - heapResident, newSpace };
}

/**
 * Takes the sample synchronously (it runs inside a Supervisor listener, at the same point of every restart). Without
 * a supervisor (the bare baseline) listener counts are empty.
 */
export function sampleProcess({ gc, dist, supervisor, restarts }) {
  const memory = sampleMemory(gc);
  const listeners = {};
  if (supervisor) for (const name of supervisorEventNames(dist, supervisor)) listeners[name] = supervisor.listenerCount(name);
  return { restarts, ...memory, fds: countFds(), resources: resourcesByType(), listeners, processListeners: processListenerCounts() };
}
