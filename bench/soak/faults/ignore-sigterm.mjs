// Fault 2: a child that ignores SIGTERM. stop({ timeoutMs: 300 }) must SIGKILL it after the timeout and resolve only
// once it and its group are gone (checked by pid the moment the promise settles).
import { isOurs, ourGroupMembers, track, untrack } from '../pids.mjs';
import { ms } from '../report.mjs';
import { THRESHOLDS } from '../thresholds.mjs';
import { nextEvent, now, withDeadline } from '../wait.mjs';
import { NODE, check, childScript, ensureStopped } from './common.mjs';

export const title = 'child ignores SIGTERM: stop({ timeoutMs: 300 }) SIGKILLs it and resolves when it is gone';

const TIMEOUT_MS = 300;

export async function run({ dist }) {
  const { Supervisor, restartPolicy } = dist;
  const pids = [];
  const lines = [];
  const supervisor = new Supervisor({
    command: NODE,
    args: [childScript('ignores-sigterm.mjs')],
    stdio: 'pipe',
    policy: restartPolicy({ restart: 'always', backoff: 0 }),
  });
  supervisor.on('spawn', ({ pid }) => {
    track(pid);
    pids.push(pid);
  });
  supervisor.on('exit', ({ run }) => untrack(run.pid));
  supervisor.on('output', ({ line }) => lines.push(line));

  let pid;
  let elapsed;
  let stopEvent;
  let atSettle;
  try {
    supervisor.start();
    await nextEvent(supervisor, 'output', ({ line }) => line === 'ready', 15_000);
    pid = supervisor.pid;
    const t0 = now();
    stopEvent = await withDeadline(supervisor.stop({ timeoutMs: TIMEOUT_MS }), 10_000, 'stop()');
    elapsed = now() - t0;
    atSettle = { alive: isOurs(pid), group: ourGroupMembers(pid) };
  } finally {
    await ensureStopped(supervisor);
  }
  const outcome = stopEvent.lastRun?.outcome;
  const figures = [
    `pid ${pid}: stop({ timeoutMs: ${TIMEOUT_MS} }) resolved after ${ms(elapsed)}; outcome ${JSON.stringify(outcome)}; ` +
      `child said: ${lines.map((l) => JSON.stringify(l)).join(', ')}`,
  ];
  const checks = [
    check('the child got SIGTERM first and ignored it', lines.includes('ignored SIGTERM')),
    check(`resolved after the timeout, within ${TIMEOUT_MS} + ${THRESHOLDS.sigtermStopMaxExtraMs} ms`,
      elapsed >= TIMEOUT_MS - 1 && elapsed <= TIMEOUT_MS + THRESHOLDS.sigtermStopMaxExtraMs),
    check('outcome: signaled SIGKILL', outcome?.kind === 'signaled' && outcome.signal === 'SIGKILL'),
    check('gone when stop() resolved (pid and group)', atSettle.alive === false && atSettle.group.length === 0),
    check(`no restart after stop (spawns: ${pids.length}); reason ${stopEvent.reason}`, pids.length === 1 && stopEvent.reason === 'requested'),
  ];
  return { figures, checks, pids };
}
