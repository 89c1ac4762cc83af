// Subscribing to lifecycle events from application code: `pnpm --filter @daemonkit/examples lifecycle-events`.
// Listeners alert on crashes and give-ups and count restarts; the async iterator feeds a structured log.
import { Supervisor, describeRun, restartPolicy } from '@daemonkit/core';

const supervisor = new Supervisor({
  command: process.execPath,
  // A worker that runs 300 ms, then dies of a signal, as a segfaulting native module would.
  args: ['-e', 'setTimeout(() => process.kill(process.pid, "SIGABRT"), 300)'],
  stdio: 'ignore',
  policy: restartPolicy({ restart: 'on-abnormal', window: { maxRestarts: 2, periodMs: 60_000 }, backoff: 200 }),
});

let restarts = 0;
supervisor.on('backoff', () => restarts++);
supervisor.on('crash', ({ run, consecutiveFailures }) => {
  console.log(`ALERT worker ${run.pid} ${describeRun(run)} (${consecutiveFailures} in a row)`);
});
supervisor.on('giveup', ({ reason }) => console.log(`PAGE on-call: ${reason}`));

// Every event as one JSON line, the way a log shipper would want it.
const structuredLog = (async () => {
  for await (const event of supervisor.events()) {
    const { type, payload } = event;
    const fields = type === 'spawn' ? { pid: payload.pid, attempt: payload.attempt } : payload;
    console.log(JSON.stringify({ event: type, ...fields }));
  }
})();

process.once('SIGINT', () => void supervisor.stop());
const stop = await supervisor.start().done;
await structuredLog;
console.log(`done: ${stop.reason}, ${restarts} restarts`);
