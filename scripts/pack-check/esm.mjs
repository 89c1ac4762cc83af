import { Supervisor, xdaemonPolicy, simulate, exited } from '@daemonkit/core';
const s = new Supervisor({ command: process.execPath, args: ['-e', 'process.exit(2)'], stdio: 'ignore', policy: xdaemonPolicy({ maxCount: 2, minExitTime: 0 }) });
const stop = await s.start().done;
console.log('esm', stop.reason, stop.lastRun.attempt, simulate(xdaemonPolicy(), [{ outcome: exited(1), runtimeMs: 1 }])[0].decision.action);
try { await import('@daemonkit/core/dist/index.js'); throw new Error('deep imports must be closed by the exports map'); } catch (e) { console.log('deep import closed:', e.code); }
