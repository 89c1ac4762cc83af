// xdaemon's auto_restart example: with -d the program runs as a daemon (a guard restarts the worker, at most
// 2 runs as in xdaemon's `d.MaxCount = 2`); without it, it runs in the foreground.
//
//   npx -y pnpm@12.4.2 --filter @daemonkit/examples auto-restart -d   # returns at once
//   tail -f packages/examples/daemon.log   # guard lines and the worker's "start..." / "end", twice, then the guard exits 0
import { daemon, xdaemonPolicy } from '@daemonkit/core';

if (process.argv.includes('-d')) {
  // Launcher: starts the guard and exits. Guard: never returns. Worker: continues below.
  await daemon({ logFile: 'daemon.log', policy: xdaemonPolicy({ maxCount: 2 }) });
}

console.log(process.pid, 'start...');
setTimeout(() => console.log(process.pid, 'end'), 10_000);
