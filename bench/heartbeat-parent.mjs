// One supervising process with N Supervisors, for the heartbeat-cost measurement. Measures its own CPU time
// (process.cpuUsage(), user + system, all threads) over a window after a warm-up, then stops everything and exits.
//
//   node bench/heartbeat-parent.mjs '{"mode":"heartbeat"|"idle","dist":"file:///...","workers":20,"intervalMs":100,
//                                     "warmupMs":2000,"windowMs":10000}'
//
// heartbeat: each Supervisor has `watchdog: { timeoutMs: 5000 }` over a worker calling heartbeat() every intervalMs.
// idle:      each Supervisor has `ipc: true` (the same channel and env) over a worker that never sends anything.
// floor:     no Supervisor: the same heartbeating workers spawned with child_process.spawn (IPC channel, detached,
//            the very environment a watchdog Supervisor gives its child, so the worker API sends the same messages
//            at the same rate) and a 'message' listener that only counts. What Node's IPC costs by itself.
// Prints "PIDS <pid> <pid> ..." once every worker is spawned (so the benchmark can clean up after a crash), then one
// JSON line: { mode, cpuMs, wallMs, cpuPct, heartbeats (messages seen), expectedMessages, exitsBeforeStop, workerPids }.
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const cfg = JSON.parse(process.argv[2]);
const { mode, dist, workers, intervalMs, warmupMs, windowMs } = cfg;
const { spawn } = await import('node:child_process');
const { Supervisor, restartPolicy, exited } = await import(dist);
const workerFile = fileURLToPath(new URL('./heartbeat-worker.mjs', import.meta.url));

const health = mode === 'heartbeat' ? { watchdog: { timeoutMs: 5000 } } : { ipc: true };

/** The environment a Supervisor with `options` gives its child, taken at the spawner seam; nothing is started. */
async function supervisedEnv(options) {
  let env;
  const probe = new Supervisor({
    command: process.execPath,
    stdio: 'ignore',
    policy: restartPolicy({ restart: 'never' }),
    ...options,
    spawner: {
      spawn(spec, hooks) {
        env = spec.env;
        setImmediate(() => hooks.onExit(exited(0)));
        return { pid: undefined, stdout: null, stderr: null, signal() {}, groupAlive: () => false, send: () => false };
      },
    },
  });
  await probe.start().done;
  return env;
}
// The worker API's own send interval, as the Supervisor passes it (DAEMONKIT_SUPERVISED; heartbeat() skips calls
// inside it): only used to say how many messages the window should hold.
const watchdogEnv = await supervisedEnv({ watchdog: { timeoutMs: 5000 } });
const sendIntervalMs = Number(watchdogEnv.DAEMONKIT_SUPERVISED) || 0;
let heartbeats = 0;
let exits = 0;
const supervisors = [];
const spawned = [];
const children = [];
for (let i = 0; i < workers && mode === 'floor'; i++) {
  const child = spawn(process.execPath, [workerFile, 'heartbeat', String(intervalMs)], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    detached: true,
    env: watchdogEnv,
  });
  child.on('message', () => {
    heartbeats += 1;
  });
  child.once('exit', () => {
    exits += 1;
  });
  spawned.push(new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid));
    child.once('error', reject);
  }));
  children.push(child);
}
for (let i = 0; i < workers && mode !== 'floor'; i++) {
  const supervisor = new Supervisor({
    command: process.execPath,
    args: [workerFile, mode, String(intervalMs)],
    stdio: 'ignore',
    policy: restartPolicy({ restart: 'never' }),
    ...health,
  });
  // A counter only: proves the heartbeats arrive (the idle case must see none), costs an increment each.
  supervisor.on('heartbeat', () => {
    heartbeats += 1;
  });
  supervisor.on('exit', () => {
    exits += 1;
  });
  spawned.push(new Promise((resolve) => supervisor.once('spawn', ({ pid }) => resolve(pid))));
  supervisors.push(supervisor);
  supervisor.start();
}
const workerPids = await Promise.all(spawned);
process.stdout.write(`PIDS ${workerPids.join(' ')}\n`);

await delay(warmupMs);
const heartbeatsBefore = heartbeats;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await delay(windowMs);
const cpu = process.cpuUsage(cpu0);
const wallMs = performance.now() - t0;
const heartbeatsInWindow = heartbeats - heartbeatsBefore;
const exitsBeforeStop = exits;

await Promise.all(supervisors.map((s) => s.stop({ signal: 'SIGKILL' })));
await Promise.all(
  children.map(
    (child) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', resolve);
        process.kill(-child.pid, 'SIGKILL'); // the worker leads its own group
      }),
  ),
);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(
  `${JSON.stringify({
    mode,
    workers,
    cpuMs,
    userMs: cpu.user / 1000,
    systemMs: cpu.system / 1000,
    wallMs,
    cpuPct: (100 * cpuMs) / wallMs,
    heartbeats: heartbeatsInWindow,
    sendIntervalMs,
    expectedMessages: mode === 'idle' ? 0 : (workers * windowMs) / Math.max(intervalMs, sendIntervalMs),
    calls: mode === 'idle' ? 0 : (workers * windowMs) / intervalMs,
    exitsBeforeStop,
    workerPids,
  })}\n`,
);
process.exit(0);
