// `pnpm example`: two supervised workers, printed as a timeline. The first crashes three times, backs off, then
// recovers; the second never gets going and the supervisor gives up after four failures in a row.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { restartPolicy, Supervisor } from '@daemonkit/core';
import { printTimeline } from './timeline.js';

const worker = fileURLToPath(new URL('./workers/flaky-worker.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'daemonkit-demo-'));

async function act(title: string, failures: number): Promise<void> {
  console.log(`\n${title}\n`);
  const supervisor = new Supervisor({
    command: process.execPath,
    args: [worker, join(scratch, `${failures}.state`), String(failures)],
    stdio: 'ignore',
    policy: restartPolicy({
      restart: 'on-failure',
      maxConsecutiveFailures: 4,
      backoff: { initialMs: 100, factor: 2, maxMs: 2000, jitter: 0 },
    }),
  });
  printTimeline(supervisor);
  // Ctrl+C stops the worker gracefully instead of leaving it behind.
  const onSigint = () => void supervisor.stop();
  process.once('SIGINT', onSigint);
  await supervisor.start().done;
  process.off('SIGINT', onSigint);
}

try {
  await act('1. A worker that fails three times at start-up, then recovers and exits cleanly:', 3);
  await act('2. A worker that never starts: the supervisor gives up after 4 failures in a row:', 100);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
