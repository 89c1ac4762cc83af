// Fault 4: logFile '/dev/full' (every write fails with ENOSPC) for a node child printing 100 bytes per ms, under
// restartPolicy({ restart: 'always' }) (the default backoff) for THRESHOLDS.devFullWindowMs. The supervising process
// must survive (no uncaught error, no unhandled rejection, no 'error' event), must not spin (its CPU time over the
// window, and its event-loop delay), and restarts must be paced by the backoff: each restart waits at least its
// announced delay, each delay is at least the default backoff's minimum for its step, and the count stays within
// what those delays allow in the window. Lost output is not reported here (a later issue).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { track, untrack, isOurs } from '../pids.mjs';
import { countFds } from '../sample.mjs';
import { ms } from '../report.mjs';
import { THRESHOLDS } from '../thresholds.mjs';
import { delay, now, withDeadline } from '../wait.mjs';
import { NODE, check, ensureStopped } from './common.mjs';

export const title = "logFile on /dev/full (ENOSPC): the supervisor survives, does not spin, restarts follow the backoff";

export async function run({ dist }) {
  const { Supervisor, restartPolicy, DEFAULT_BACKOFF, computeDelay } = dist;
  const windowMs = THRESHOLDS.devFullWindowMs;
  const pids = [];
  const spawns = [];
  const exits = [];
  const backoffs = [];
  const problems = [];
  let crashes = 0;
  const warnings = [];
  const onWarning = (warning) => warnings.push(`${warning.name}: ${warning.message}`);
  const onUncaught = (error) => problems.push(`uncaughtException: ${error?.message ?? error}`);
  const onRejection = (reason) => problems.push(`unhandledRejection: ${reason?.message ?? reason}`);
  const supervisor = new Supervisor({
    command: NODE,
    args: ['-e', 'setInterval(() => console.log("x".repeat(100)), 1)'],
    logFile: '/dev/full',
    policy: restartPolicy({ restart: 'always' }),
  });
  supervisor.on('spawn', ({ pid, attempt }) => {
    track(pid);
    pids.push(pid);
    spawns.push({ attempt, at: now() });
  });
  supervisor.on('exit', ({ run }) => {
    untrack(run.pid);
    exits.push({ attempt: run.attempt, at: now(), outcome: run.outcome, runtimeMs: run.runtimeMs, stopRequested: run.stopRequested });
  });
  supervisor.on('crash', () => {
    crashes += 1;
  });
  supervisor.on('backoff', ({ delayMs, attempt }) => backoffs.push({ delayMs, attempt }));
  supervisor.on('error', ({ error, event }) => problems.push(`'error' event from '${event}': ${error?.message ?? error}`));

  const fdsBefore = countFds();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onRejection);
  process.on('warning', onWarning);
  let cpu;
  let wallMs;
  let stopEvent;
  try {
    loopDelay.enable();
    const cpu0 = process.cpuUsage();
    const t0 = now();
    supervisor.start();
    await delay(windowMs);
    cpu = process.cpuUsage(cpu0);
    wallMs = now() - t0;
    loopDelay.disable();
    stopEvent = await withDeadline(supervisor.stop({ timeoutMs: 1000 }), 10_000, 'stop()');
  } catch (error) {
    problems.push(`scenario: ${error.message}`);
  } finally {
    await ensureStopped(supervisor);
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onRejection);
    process.off('warning', onWarning);
  }
  const fdsAfter = countFds();
  const cpuMs = cpu ? (cpu.user + cpu.system) / 1000 : Number.NaN;
  const cpuPct = (cpuMs / wallMs) * 100;

  // Restarts within the window: spawns after the first one that happened before the window ended.
  const restarts = backoffs.filter((b) => spawns.some((s) => s.attempt === b.attempt));
  const paced = restarts.map((b, step) => {
    const exit = exits.find((e) => e.attempt === b.attempt - 1);
    const spawn = spawns.find((s) => s.attempt === b.attempt);
    const waited = spawn.at - exit.at;
    const minDelay = computeDelay(DEFAULT_BACKOFF, step, 1);
    return { ...b, waited, minDelay, ok: waited >= b.delayMs - THRESHOLDS.timerEarlyToleranceMs && b.delayMs >= minDelay - 1 };
  });
  // The most restarts the default backoff allows in the window even if runs took no time at all.
  let allowed = 0;
  for (let sum = 0; ; allowed++) {
    sum += computeDelay(DEFAULT_BACKOFF, allowed, 1);
    if (sum > windowMs) break;
  }
  const crashedRuns = exits.filter((e) => !e.stopRequested);
  const outcomes = [...new Set(crashedRuns.map((e) => JSON.stringify(e.outcome)))];
  const figures = [
    `window ${ms(wallMs, 0)}: supervising process CPU ${cpuMs.toFixed(1)} ms = ${cpuPct.toFixed(2)} % of one core ` +
      `(bound < ${THRESHOLDS.devFullCpuPct} %); event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, ` +
      `max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
    `runs ${spawns.length}, restarts ${restarts.length} (the backoff allows at most ${allowed} in ${windowMs} ms), crash events ${crashes}; ` +
      `run outcomes ${outcomes.join(' ')}; runtimes ${crashedRuns.map((e) => Math.round(e.runtimeMs)).join(', ')} ms`,
    `announced delays ${paced.map((p) => p.delayMs).join(', ')} ms; exit -> next spawn ${paced.map((p) => Math.round(p.waited)).join(', ')} ms`,
    `fds before ${fdsBefore}, after stop ${fdsAfter}; problems: ${problems.length === 0 ? 'none' : problems.join('; ')}; ` +
      `process warnings: ${warnings.length === 0 ? 'none' : warnings.join('; ')}`,
  ];
  const checks = [
    check('no uncaught exception, unhandled rejection or \'error\' event', problems.length === 0),
    check(`CPU < ${THRESHOLDS.devFullCpuPct} % of a core over the window`, cpuPct < THRESHOLDS.devFullCpuPct),
    check('the children failed and were restarted (at least 2 restarts)', restarts.length >= 2),
    check('each restart waited its announced delay, and each delay is at least the backoff minimum for its step', paced.every((p) => p.ok)),
    check(`restart count within what the backoff allows (${restarts.length} <= ${allowed})`, restarts.length <= allowed),
    check(`stopped cleanly (reason ${stopEvent?.reason}), no child left, log fd closed (fds ${fdsBefore} -> ${fdsAfter})`,
      stopEvent?.reason === 'requested' && pids.every((p) => !isOurs(p)) && fdsAfter <= fdsBefore),
  ];
  return { figures, checks, pids };
}
