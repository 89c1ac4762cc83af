// One crash-loop measurement in a fresh process, so that the subject's process carries exactly what daemonkit loads
// (zod included: option parsing loads it) and the baseline's process carries nothing of it.
//
//   node bench/crash-loop-worker.mjs '{"mode":"baseline"|"subject","command":"/bin/false","args":[],"runs":200,"warmup":5,"dist":"file:///.../index.js"}'
//
// Prints one JSON line: { mode, runs, totalMs, perRunMs, latencyMs: [...], ... }.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const cfg = JSON.parse(process.argv[2]);
const { mode, command, args, runs, warmup, dist, instrument, logFile } = cfg;

/**
 * The bare loop: spawn, wait for 'exit', spawn again at once from the exit callback, `n` spawns in all.
 * Latency: from the start of the 'exit' callback to the moment spawn() returned.
 */
function bareLoop(n, latencies) {
  return new Promise((resolve, reject) => {
    let spawned = 0;
    const t0 = performance.now();
    const start = () => {
      spawned += 1;
      const child = spawn(command, args, { stdio: 'ignore', detached: true });
      child.once('error', reject);
      child.once('exit', onExit);
    };
    const onExit = () => {
      const exitSeen = performance.now();
      if (spawned >= n) {
        resolve(performance.now() - t0);
        return;
      }
      start();
      latencies?.push(performance.now() - exitSeen);
    };
    start();
  });
}

async function baseline() {
  await bareLoop(warmup);
  const latencyMs = [];
  const totalMs = await bareLoop(runs, latencyMs);
  return { totalMs, latencyMs };
}

async function subject() {
  const { Supervisor, xdaemonPolicy, nodeSpawner } = await import(dist);
  const make = (n) =>
    new Supervisor({
      command,
      args,
      // With `logFile` (bench/measures/logs.mjs): the direct mode, each run given the file's descriptor.
      ...(logFile ? { logFile } : { stdio: 'ignore' }),
      policy: xdaemonPolicy({ maxCount: n, minExitTime: 0, maxError: 1e9 }),
    });

  // Warm-up: the first construction loads zod (option parsing), the first runs warm up the JIT.
  const c0 = performance.now();
  const warm = make(warmup);
  const constructColdMs = performance.now() - c0;
  await warm.start().done;

  const c1 = performance.now();
  const supervisor = make(runs);
  const constructWarmMs = performance.now() - c1;

  // Latency measured from outside, through the events:
  //  - from run.endedAt (taken by the supervisor when it observes the child's exit, performance.timeOrigin +
  //    performance.now()) to the 'spawn' listener (emitted right after spawn() returned), same clock;
  //  - from the 'exit' listener to the 'spawn' listener (leaves out the work done before 'exit' is emitted).
  const latencyMs = [];
  const listenerLatencyMs = [];
  let endedAt;
  let exitListenerAt;
  supervisor.on('exit', ({ run }) => {
    exitListenerAt = performance.now();
    endedAt = run.endedAt;
  });
  supervisor.on('spawn', () => {
    const now = performance.now();
    if (endedAt === undefined) return;
    latencyMs.push(performance.timeOrigin + now - endedAt);
    listenerLatencyMs.push(now - exitListenerAt);
    endedAt = undefined;
  });
  const t0 = performance.now();
  const stop = await supervisor.start().done;
  const totalMs = performance.now() - t0;
  if (stop.reason !== 'completed' || stop.lastRun?.attempt !== runs) {
    throw new Error(`unexpected stop: ${JSON.stringify(stop)}`);
  }
  const result = { totalMs, latencyMs, listenerLatencyMs, constructColdMs, constructWarmMs };
  if (instrument) Object.assign(result, await bookkeeping(Supervisor, xdaemonPolicy, nodeSpawner));
  return result;
}

/**
 * Informational, after the timed run and not part of it: the same loop with the real spawner wrapped to timestamp
 * the spawn() call, to split the exit -> spawn latency into the supervisor's own work before the spawn() call (from
 * run.endedAt) and after it (to the 'spawn' listener). Immune to the noise of spawn() itself.
 */
async function bookkeeping(Supervisor, xdaemonPolicy, nodeSpawner) {
  let spawnStart;
  let spawnEnd;
  const spawner = {
    spawn(spec, hooks) {
      spawnStart = performance.now();
      try {
        return nodeSpawner.spawn(spec, hooks);
      } finally {
        spawnEnd = performance.now();
      }
    },
  };
  const supervisor = new Supervisor({
    command,
    args,
    stdio: 'ignore',
    spawner,
    policy: xdaemonPolicy({ maxCount: runs, minExitTime: 0, maxError: 1e9 }),
  });
  const beforeSpawnMs = [];
  const afterSpawnMs = [];
  const spawnCallMs = [];
  let endedAt;
  supervisor.on('exit', ({ run }) => {
    endedAt = run.endedAt;
  });
  supervisor.on('spawn', () => {
    const now = performance.now();
    if (endedAt === undefined) return;
    beforeSpawnMs.push(performance.timeOrigin + spawnStart - endedAt);
    spawnCallMs.push(spawnEnd - spawnStart);
    afterSpawnMs.push(now - spawnEnd);
    endedAt = undefined;
  });
  await supervisor.start().done;
  return { bookkeeping: { beforeSpawnMs, afterSpawnMs, spawnCallMs } };
}

const result = mode === 'subject' ? await subject() : await baseline();
// This process's size after the loop: libuv forks (not vfork) on Linux, so each spawn() copies the page tables.
const status = readFileSync('/proc/self/status', 'utf8');
const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
result.vmRssKiB = kib('VmRSS');
result.vmPteKiB = kib('VmPTE');
process.stdout.write(
  `${JSON.stringify({ mode, command, runs, perRunMs: result.totalMs / runs, ...result })}\n`,
);
