// xdaemon's background example: the program moves itself to the background, keeping all its arguments.
//
//   npx -y pnpm@12.4.2 --filter @daemonkit/examples background -a -b   # the prompt comes back at once
//   tail -f packages/examples/daemon.log                                # "<pid> start..." then, 10 s later, "<pid> end"
import { background } from '@daemonkit/core';

// Starts a detached copy with the same node, flags and arguments, then exits; only the copy gets past this line.
background({ logFile: 'daemon.log' });

console.log(process.pid, 'start...', process.argv.slice(2).join(' '));
setTimeout(() => console.log(process.pid, 'end'), 10_000);
