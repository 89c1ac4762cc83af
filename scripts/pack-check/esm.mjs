import { Supervisor, xdaemonPolicy, simulate, exited } from '@daemonkit/core';
const s = new Supervisor({ command: process.execPath, args: ['-e', 'process.exit(2)'], stdio: 'ignore', policy: xdaemonPolicy({ maxCount: 2, minExitTime: 0 }) });
const stop = await s.start().done;
console.log('esm', stop.reason, stop.lastRun.attempt, simulate(xdaemonPolicy(), [{ outcome: exited(1), runtimeMs: 1 }])[0].decision.action);
try { await import('@daemonkit/core/dist/index.js'); throw new Error('deep imports must be closed by the exports map'); } catch (e) { console.log('deep import closed:', e.code); }
// The guard of startDaemon() is found beside the installed bundle, runs, answers on its socket and stops.
const { startDaemon, connect } = await import('@daemonkit/core');
const { mkdtempSync } = await import('node:fs');
const home = mkdtempSync('/tmp/pack-check-');
const started = await startDaemon({ name: 'pc', home, services: { s: { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] } } });
const remote = await connect({ name: 'pc', home });
console.log('esm daemon', started.status.children[0].state, (await remote.status()).guard.pid === started.pid);
await remote.stop();
