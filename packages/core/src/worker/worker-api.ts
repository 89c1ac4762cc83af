import { isShutdownMessage, SUPERVISED_ENV, type WorkerMessage } from './messages.js';

// The worker side of health checks. Each call is a no-op when this process has no IPC channel to a supervisor
// (run directly, or by something else), so an application can call them unconditionally.

// Read once at import and removed, like the daemon marker, so that this process's own children do not inherit it.
const minHeartbeatMs = Number(process.env[SUPERVISED_ENV] ?? Number.NaN);
const supervised = Number.isFinite(minHeartbeatMs);
delete process.env[SUPERVISED_ENV];
let lastHeartbeat = Number.NEGATIVE_INFINITY;

function send(message: WorkerMessage): boolean {
  if (!supervised || typeof process.send !== 'function' || !process.connected) return false;
  try {
    process.send(message);
    return true;
  } catch {
    return false;
  }
}

/**
 * Tells the supervisor this worker is ready (e.g. after `server.listen`): its `ready` event fires and, with
 * `readiness` configured, the readiness timeout is met. Returns whether a supervisor was told.
 */
export function notifyReady(): boolean {
  return send({ daemonkit: 'ready' });
}

/**
 * Tells the supervisor this worker is alive, with its memory use, so that a watchdog and `maxMemoryBytes` work
 * without the supervisor polling the OS. Call it as often as you like, at least every quarter of the watchdog
 * timeout: it sends at most one message per min(1 s, watchdog timeout / 4) and skips the rest. Returns whether a
 * supervisor is listening.
 */
export function heartbeat(): boolean {
  if (!supervised) return false;
  const now = performance.now();
  if (now - lastHeartbeat < minHeartbeatMs) return true;
  lastHeartbeat = now;
  const { rss, heapUsed } = process.memoryUsage();
  return send({ daemonkit: 'heartbeat', memory: { rss, heapUsed } });
}

type ShutdownHandler = (reason: 'SIGTERM' | 'SIGINT' | 'message') => unknown;

const handlers: ShutdownHandler[] = [];
let installed = false;
let shuttingDown = false;

/**
 * Runs `handler` once when this worker is asked to stop: on SIGTERM, SIGINT, or the supervisor's shutdown message
 * (sent before its kill signal, so graceful stop also works where signals do not, as on Windows). When every
 * handler has settled the process exits: 0, or 1 if a handler threw. Returns a function that removes the handler.
 *
 * @example
 * onShutdown(() => new Promise((resolve) => server.close(resolve)));
 */
export function onShutdown(handler: ShutdownHandler): () => void {
  handlers.push(handler);
  if (!installed) install();
  return () => {
    const index = handlers.indexOf(handler);
    if (index >= 0) handlers.splice(index, 1);
  };
}

function install(): void {
  installed = true;
  process.on('SIGTERM', () => void shutDown('SIGTERM'));
  process.on('SIGINT', () => void shutDown('SIGINT'));
  if (!supervised || !process.channel) return;
  process.on('message', (message: unknown) => {
    if (isShutdownMessage(message)) void shutDown('message');
  });
  // Listening for messages refs the channel; it must not keep an otherwise finished worker alive.
  process.channel.unref();
}

async function shutDown(reason: 'SIGTERM' | 'SIGINT' | 'message'): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  const results = await Promise.allSettled(handlers.map(async (handler) => handler(reason)));
  process.exit(results.some((r) => r.status === 'rejected') ? 1 : 0);
}
