// A supervised worker for the heartbeat-cost measurement.
//
//   node bench/heartbeat-worker.mjs heartbeat <interval ms>   calls heartbeat() (the worker API) every interval
//   node bench/heartbeat-worker.mjs idle                       imports the package the same way, then only idles
import { heartbeat } from '@daemonkit/core';

const [mode, intervalArg = '100'] = process.argv.slice(2);
if (mode === 'heartbeat') {
  const interval = Number(intervalArg);
  setInterval(() => {
    if (!heartbeat()) {
      // Not supervised (no channel, or DAEMONKIT_SUPERVISED unset): the measurement would be meaningless.
      process.stderr.write('heartbeat-worker: heartbeat() reached no supervisor\n');
      process.exit(3);
    }
  }, interval);
} else if (mode === 'idle') {
  setInterval(() => {}, 1 << 30);
} else {
  throw new Error(`heartbeat-worker: unknown mode ${mode}`);
}
