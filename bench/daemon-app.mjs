// A tiny program run under daemon(), for the launcher, worker start-up and guard memory measurements.
//
//   node bench/daemon-app.mjs <dir>           daemon mode: the launcher starts the guard and exits; the guard runs
//                                              this file again as its worker, which records its figures and serves
//   node bench/daemon-app.mjs <dir> plain     the same program without the daemon() call, run as a plain child
//
// The worker (or the plain program) writes <dir>/worker-<attempt>.json (plain: <dir>/plain.json):
//   { pid, role, attempt, startMs, policyMs, daemonMs, readyMs }
// all performance.now() values, i.e. ms since this process started (performance.timeOrigin):
//   startMs  after the imports, before anything else      policyMs after restartPolicy(...) (daemon mode only)
//   daemonMs after `await daemon(...)` returned           readyMs  the headline: when the code after daemon() runs
// Both modes import @daemonkit/core the same way (by package name); node:fs is loaded only after the measurement
// point, with process.getBuiltinModule, so that the launcher carries nothing but daemonkit.
import { daemon, restartPolicy } from '@daemonkit/core';

const startMs = performance.now();
// Read by bench/launcher-probe.mjs in the instrumented launcher runs (a property set; nothing else).
const marks = (globalThis.__daemonAppMarks = { startMs });
const [dir, mode = 'daemon'] = process.argv.slice(2);
if (!dir) throw new Error('usage: node bench/daemon-app.mjs <dir> [plain]');

let record;
if (mode === 'plain') {
  const readyMs = performance.now();
  record = { role: 'plain', attempt: 0, startMs, readyMs };
} else {
  const policy = restartPolicy({ restart: 'always', maxConsecutiveFailures: 3 });
  const policyMs = performance.now();
  marks.policyMs = policyMs;
  const { attempt } = await daemon({ logFile: `${dir}/app.log`, pidFile: `${dir}/app.pid`, policy });
  const daemonMs = performance.now();
  record = { role: 'worker', attempt, startMs, policyMs, daemonMs, readyMs: daemonMs };
}

// Serve: idle, as a server waiting for requests would be. Written atomically (write, then rename).
setInterval(() => {}, 1 << 30);
const fs = process.getBuiltinModule('node:fs');
const name = mode === 'plain' ? 'plain' : `worker-${record.attempt}`;
fs.writeFileSync(`${dir}/${name}.json.tmp`, JSON.stringify({ pid: process.pid, ...record }));
fs.renameSync(`${dir}/${name}.json.tmp`, `${dir}/${name}.json`);
