// A supervised node worker (ipc) that calls heartbeat() from the built @daemonkit/core every 50 ms; heartbeat()
// itself sends at most one message per a quarter of the watchdog timeout. Exits 3 when no supervisor listens.
import { heartbeat } from '@daemonkit/core';

if (!heartbeat()) {
  process.stderr.write('heartbeat-worker: heartbeat() reached no supervisor\n');
  process.exit(3);
}
setInterval(heartbeat, 50);
