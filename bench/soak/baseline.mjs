// The bare reference for the soak: the same command restarted by a plain spawn-and-wait loop (detached, stdio
// 'ignore', the full environment passed as the Supervisor passes it), in this same process, sampled the same way
// (right after a spawn, every `every` restarts). Not judged: it shows what Node itself does to these series over
// the same number of restarts, so that a daemonkit slope can be read against it.
import { spawn } from 'node:child_process';
import { sampleProcess } from './sample.mjs';
import { track, untrack } from './pids.mjs';
import { withDeadline } from './wait.mjs';

export async function bareLoop({ gc, label, command, args, restarts, every, deadlineMs, onProgress }) {
  const pids = new Int32Array(restarts + 1);
  const samples = [];
  const env = { ...process.env };
  let spawned = 0;
  const finished = new Promise((resolve, reject) => {
    const start = () => {
      const restart = spawned;
      spawned += 1;
      const child = spawn(command, args, { stdio: 'ignore', detached: true, env });
      child.once('error', reject);
      pids[restart] = child.pid;
      track(child.pid);
      if (restart % every === 0) {
        samples.push(sampleProcess({ gc, restarts: restart }));
        onProgress?.(restart);
      }
      child.once('exit', () => {
        untrack(child.pid);
        if (restart === restarts) resolve();
        else start();
      });
    };
    start();
  });
  await withDeadline(finished, deadlineMs, `${label} bare loop`);
  return { label, restarts: spawned - 1, every, samples, pids };
}
