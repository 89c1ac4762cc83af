// The restart soak: one Supervisor, restartPolicy({ restart: 'always', backoff: 0 }), stdio 'ignore', `restarts`
// restarts of one command in this very process, sampled every `every` restarts from the `spawn` listener (the same
// point of every cycle: the new child was just spawned, the previous one reaped). Everything the loop records per
// restart goes into typed arrays allocated before the first sample, so the soak's own bookkeeping does not grow the
// heap it measures.
import { median } from '../lib/stats.mjs';
import { sampleProcess } from './sample.mjs';
import { track, untrack } from './pids.mjs';
import { now, withDeadline } from './wait.mjs';

/**
 * Returns { label, command, restarts, every, samples, pids, gap: { median, p90 } (ms from an `exit` event to the next
 * `spawn` event), restartsPerSecond, elapsedMs, unexpected, errors, stopEvent, supervisorRestarts }. Throws only when
 * the deadline passes (the Supervisor is stopped first).
 */
export async function soakRestarts({ dist, gc, label, command, args, restarts, every, deadlineMs, onProgress }) {
  const { Supervisor, restartPolicy } = dist;
  const pids = new Int32Array(restarts + 1);
  const gaps = new Float64Array(restarts);
  const samples = [];
  const unexpected = { count: 0, first: undefined };
  const errors = [];
  let spawns = 0;
  let lastExitAt = Number.NaN;
  let firstSpawnAt = Number.NaN;
  let lastSpawnAt = Number.NaN;

  const supervisor = new Supervisor({
    command,
    args,
    stdio: 'ignore',
    policy: restartPolicy({ restart: 'always', backoff: 0 }),
  });
  supervisor.on('exit', ({ run }) => {
    lastExitAt = now();
    if (run.pid !== undefined) untrack(run.pid);
    // Every run but the last (stopped by us) must end by itself with code 1.
    if (!run.stopRequested && (run.outcome.kind !== 'exited' || run.outcome.code !== 1)) {
      unexpected.count += 1;
      unexpected.first ??= { attempt: run.attempt, outcome: run.outcome };
    }
  });
  supervisor.on('spawn', ({ pid }) => {
    const at = now();
    const restart = spawns;
    pids[spawns] = pid;
    spawns += 1;
    track(pid);
    if (restart === 0) firstSpawnAt = at;
    else gaps[restart - 1] = at - lastExitAt;
    lastSpawnAt = at;
    if (restart % every === 0) {
      samples.push(sampleProcess({ gc, dist, supervisor, restarts: restart }));
      onProgress?.(restart);
    }
    if (restart === restarts) void supervisor.stop();
  });
  supervisor.on('error', ({ error, event }) => errors.push(`${event}: ${error?.message ?? error}`));

  supervisor.start();
  let stopEvent;
  try {
    stopEvent = await withDeadline(supervisor.done, deadlineMs, `${label} soak`);
  } catch (error) {
    await supervisor.stop({ timeoutMs: 1000 }).catch(() => {});
    throw error;
  }
  const elapsedMs = lastSpawnAt - firstSpawnAt;
  const done = Math.max(0, spawns - 1);
  const gapList = Array.from(gaps.subarray(0, done));
  return {
    label,
    command: [command, ...args].join(' '),
    restarts: done,
    every,
    samples,
    pids,
    gap: { median: median(gapList), p90: gapList.sort((a, b) => a - b)[Math.floor(gapList.length * 0.9)] },
    restartsPerSecond: (done * 1000) / elapsedMs,
    elapsedMs,
    unexpected,
    errors,
    stopEvent,
    supervisorRestarts: supervisor.restarts,
  };
}
