// Fault 3: a heartbeating node worker (ipc, watchdog 500 ms) that the soak SIGSTOPs after its first heartbeat. The
// watchdog must still end it: the SIGTERM stays pending on the stopped process (node handles SIGTERM itself, so it
// is not fatal while stopped; seen in /proc/<pid>/status ShdPnd), SIGKILL at killTimeoutMs ends it, the run's outcome
// is `watchdog`, and a new child is spawned (and heartbeats).
import { readFileSync } from 'node:fs';
import { isOurs, track, untrack } from '../pids.mjs';
import { procStat } from '../../lib/procs.mjs';
import { ms } from '../report.mjs';
import { THRESHOLDS } from '../thresholds.mjs';
import { nextEvent, now, withDeadline } from '../wait.mjs';
import { NODE, check, childScript, ensureStopped } from './common.mjs';

export const title = 'SIGSTOPped worker under a watchdog: still ended (SIGKILL), outcome watchdog, respawned';

const WATCHDOG_MS = 500;
const KILL_TIMEOUT_MS = 1000;
const SIGTERM_BIT = 1n << 14n; // signal 15

/** Whether SIGTERM is pending for the process (shared or thread-private), from /proc/<pid>/status. */
function sigtermPending(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return ['ShdPnd', 'SigPnd'].some((key) => {
      const m = new RegExp(`^${key}:\\s*([0-9a-f]+)`, 'm').exec(status);
      return m !== null && (BigInt(`0x${m[1]}`) & SIGTERM_BIT) !== 0n;
    });
  } catch {
    return false;
  }
}

export async function run({ dist }) {
  const { Supervisor, restartPolicy } = dist;
  const pids = [];
  const t = {};
  let first;
  let exit1;
  let beatsWhileStopped = 0;
  let stateWhileStopped;
  let poll;
  const supervisor = new Supervisor({
    command: NODE,
    args: [childScript('heartbeat-worker.mjs')],
    stdio: 'ignore',
    ipc: true,
    watchdog: { timeoutMs: WATCHDOG_MS },
    killTimeoutMs: KILL_TIMEOUT_MS,
    policy: restartPolicy({ restart: 'always', backoff: 0 }),
  });
  supervisor.on('spawn', ({ pid, attempt }) => {
    track(pid);
    pids.push(pid);
    if (attempt === 1) first = pid;
    if (attempt === 2) t.spawn2 = now();
  });
  supervisor.on('heartbeat', ({ pid, attempt }) => {
    if (attempt !== 1) return;
    if (t.sigstop !== undefined) {
      beatsWhileStopped += 1;
      return;
    }
    process.kill(pid, 'SIGSTOP');
    t.sigstop = now();
    poll = setInterval(() => {
      stateWhileStopped ??= procStat(pid)?.state;
      if (t.sigtermSeen === undefined && sigtermPending(pid)) {
        t.sigtermSeen = now();
        t.stateAtSigterm = procStat(pid)?.state;
      }
    }, 10);
  });
  supervisor.on('exit', ({ run }) => {
    untrack(run.pid);
    if (run.attempt !== 1) return;
    clearInterval(poll);
    t.exit1 = now();
    exit1 = run;
  });

  let beat2;
  let stopEvent;
  try {
    supervisor.start();
    beat2 = await nextEvent(supervisor, 'heartbeat', ({ attempt }) => attempt === 2, 20_000);
    stopEvent = await withDeadline(supervisor.stop({ timeoutMs: 1000 }), 10_000, 'stop()');
  } finally {
    clearInterval(poll);
    await ensureStopped(supervisor);
  }
  const outcome = exit1?.outcome;
  const sigstopToExit = t.exit1 - t.sigstop;
  const pendingToExit = t.exit1 - t.sigtermSeen;
  const figures = [
    `worker ${first}: SIGSTOP after its first heartbeat; process state while stopped: ${stateWhileStopped}; ` +
      `SIGTERM seen pending at +${ms(t.sigtermSeen - t.sigstop)} (state ${t.stateAtSigterm}), 'exit' at +${ms(sigstopToExit)} ` +
      `(watchdog ${WATCHDOG_MS} ms, killTimeoutMs ${KILL_TIMEOUT_MS}); heartbeats from it after SIGSTOP: ${beatsWhileStopped}`,
    `outcome ${JSON.stringify(outcome)}; new worker ${beat2?.pid} spawned ${ms(t.spawn2 - t.exit1)} after the exit and heartbeating`,
  ];
  const checks = [
    check('the worker was stopped (state T) when the watchdog fired', stateWhileStopped === 'T' && t.stateAtSigterm === 'T'),
    check('SIGTERM stayed pending on the stopped worker', t.sigtermSeen !== undefined),
    check(`SIGKILL at killTimeoutMs ended it (pending SIGTERM -> exit >= ${KILL_TIMEOUT_MS - 50} ms)`,
      pendingToExit >= KILL_TIMEOUT_MS - 50 && outcome?.exit?.kind === 'signaled' && outcome.exit.signal === 'SIGKILL'),
    check(`SIGSTOP -> exit within ${WATCHDOG_MS} + ${KILL_TIMEOUT_MS} + ${THRESHOLDS.watchdogSlackMs} ms`,
      sigstopToExit <= WATCHDOG_MS + KILL_TIMEOUT_MS + THRESHOLDS.watchdogSlackMs),
    check('outcome kind: watchdog', outcome?.kind === 'watchdog' && outcome.timeoutMs === WATCHDOG_MS),
    check('a new child was spawned and heartbeats', beat2 !== undefined && beat2.pid !== first && !isOurs(first)),
    check(`stopped cleanly afterwards (reason ${stopEvent?.reason})`, stopEvent?.reason === 'requested' && pids.every((p) => !isOurs(p))),
  ];
  return { figures, checks, pids };
}
