// Plugging a custom policy into a Supervisor: `pnpm --filter @daemonkit/examples custom-policy`.
import { Supervisor } from '@daemonkit/core';
import { fibonacciPolicy } from './fibonacci-policy.js';
import { printTimeline } from './timeline.js';

const supervisor = new Supervisor({
  command: process.execPath,
  args: ['-e', 'setTimeout(() => process.exit(2), 100)'],
  stdio: 'ignore',
  policy: fibonacciPolicy({ unitMs: 100, maxFailures: 5, healthyAfterMs: 10_000 }),
});
printTimeline(supervisor);
const stop = await supervisor.start().done;
console.log(`\nstopped: ${stop.reason} after ${stop.lastRun?.attempt} runs`);
