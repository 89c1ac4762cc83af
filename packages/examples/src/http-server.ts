// An HTTP server kept alive by daemon(), with a pid file so that it can be checked and stopped. It reports ready
// once it listens and sends heartbeats, so the guard also restarts it when it hangs or leaks memory.
//
//   npx -y pnpm@12.4.2 --filter @daemonkit/examples http-server start    # returns at once; serves on port 8787
//   npx -y pnpm@12.4.2 --filter @daemonkit/examples http-server status   # a table: the guard and its worker, or
//                                                                         # "not running"
//   npx -y pnpm@12.4.2 --filter @daemonkit/examples http-server events   # live lifecycle events, one line each
//   curl -s localhost:8787                                                # "hello from worker 1240 (attempt 1)"
//   curl -s localhost:8787/crash                                          # the worker dies; the guard restarts it
//   curl -s localhost:8787/hang                                           # the event loop blocks: killed after about
//                                                                         # 5 s, then restarted (see below)
//   npx -y pnpm@12.4.2 --filter @daemonkit/examples http-server stop     # graceful: in-flight requests get 2 s
//
// A hang ends in about 5 s: the watchdog fires after 3 s without a heartbeat, SIGTERM cannot interrupt a busy loop
// (node runs a signal handler only between turns of its event loop, and a stuck loop never finishes its turn), so
// SIGKILL follows 2 s later (`killTimeoutMs`). The new worker starts after a 200 ms backoff and, run through tsx,
// takes another 1.5 to 2 s to listen: it answers 6 to 7 s after the /hang request.
//
// Its log is packages/examples/http-server.log. Heavy imports belong after `await daemon()` (or in a dynamic
// import), so that the guard, which runs this file up to that line, stays small.
import { createServer } from 'node:http';
import { connect, daemon, daemonStatus, heartbeat, notifyReady, onShutdown, restartPolicy, stopDaemon } from '@daemonkit/core';

const pidFile = 'http-server.pid';
const command = process.argv[2];

if (command === 'status' || command === 'events') {
  // The pid file says whether a guard runs (a bad file reads as not running, with a warning); its socket says the rest.
  const status = daemonStatus({ pidFile });
  if (!status.running) {
    console.log(status.warning ? `not running (${status.warning})` : 'not running');
    process.exit(command === 'status' ? 3 : 1);
  }
  const remote = await connect({ pidFile });
  if (command === 'status') {
    const { guard, children } = await remote.status();
    const mib = (bytes?: number) => (bytes === undefined ? '-' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
    console.log(`guard pid ${guard.pid}, up ${Math.round(guard.uptimeMs / 1000)} s, daemonkit ${guard.version}`);
    console.table(
      children.map((c) => ({
        child: c.id,
        state: c.state,
        pid: c.pid ?? '-',
        uptime: c.uptimeMs === undefined ? '-' : `${Math.round(c.uptimeMs / 1000)} s`,
        restarts: c.restarts,
        ready: c.ready,
        memory: mib(c.memoryBytes),
        'last exit': c.lastExit ?? '-',
      })),
    );
    remote.close();
    process.exit(0);
  }
  console.log(`events of guard pid ${remote.greeting.pid} (Ctrl+C to quit)`);
  process.once('SIGINT', () => remote.close());
  for await (const { type, payload } of remote.events()) {
    if (type === 'heartbeat') continue; // one a second: not news
    const { child, ...rest } = payload as { child?: string };
    console.log(new Date().toISOString(), type, child ?? '', JSON.stringify(rest));
  }
  process.exit(0);
}
if (command === 'stop') {
  const { pid } = await stopDaemon({ pidFile });
  console.log(pid === undefined ? 'not running' : `stopped (guard pid ${pid})`);
  process.exit(0);
}
if (command !== 'start') {
  console.error('usage: http-server.ts start | status | events | stop');
  process.exit(2);
}

const { attempt } = await daemon({
  logFile: 'http-server.log',
  pidFile,
  policy: restartPolicy({ restart: 'always', maxConsecutiveFailures: 5, backoff: { initialMs: 200, maxMs: 10_000 } }),
  readiness: { timeoutMs: 5000 }, // listening within 5 s of its start, or it is restarted
  watchdog: { timeoutMs: 3000 }, // a heartbeat at least every 3 s once ready
  killTimeoutMs: 2000, // SIGTERM, then SIGKILL 2 s later (default 5 s): all a hung worker gets, and a stop's grace
  maxMemoryBytes: 256 * 1024 * 1024, // a graceful restart above 256 MiB resident
});

const server = createServer((request, response) => {
  if (request.url === '/crash') {
    response.end('crashing\n', () => process.exit(1));
    return;
  }
  if (request.url === '/hang') {
    response.end('hanging\n', () => {
      for (;;); // a stuck event loop: heartbeats stop
    });
    return;
  }
  response.end(`hello from worker ${process.pid} (attempt ${attempt})\n`);
});
server.listen(8787, '127.0.0.1', () => {
  console.log(`worker ${process.pid} listening on 127.0.0.1:8787`);
  notifyReady();
});
setInterval(heartbeat, 1000).unref();

// The guard stops the worker with a shutdown message and SIGTERM: finish in-flight requests, then exit.
onShutdown(() => new Promise<void>((resolve) => server.close(() => resolve())));
