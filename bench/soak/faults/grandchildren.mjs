// Fault 1: a child that forks grandchildren into its own process group and exits 1. One grandchild dies of SIGTERM,
// the other ignores it, so the group needs SIGKILL at killTimeoutMs. Each run's grandchildren must be gone when its
// `exit` is emitted and when the next child spawns; at the end no grandchild and no group member is alive.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDir, isOurs, ourGroupMembers, track, trackPid, untrack } from '../pids.mjs';
import { ms } from '../report.mjs';
import { now, withDeadline } from '../wait.mjs';
import { NODE, check, childScript, ensureStopped } from './common.mjs';

export const title = 'child forks grandchildren (own group) and exits: group reaped before the next spawn';

const KILL_TIMEOUT_MS = 500;
const CRASHING_RUNS = 2;

export async function run({ dist }) {
  const { Supervisor, restartPolicy } = dist;
  const dir = freshDir('grandchildren');
  const pids = [];
  const runs = [];
  let stopEvent;
  const supervisor = new Supervisor({
    command: NODE,
    args: [childScript('forks-grandchildren.mjs'), dir],
    stdio: 'ignore',
    killTimeoutMs: KILL_TIMEOUT_MS,
    policy: restartPolicy({ restart: 'always', backoff: 0 }),
  });
  const grandchildrenOf = (pid) => {
    const file = join(dir, `${pid}.json`);
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).pids : [];
  };
  supervisor.on('spawn', ({ pid, attempt }) => {
    track(pid);
    pids.push(pid);
    const previous = runs.at(-1);
    if (previous) {
      previous.aliveAtNextSpawn = [...previous.grandchildren.filter(isOurs), ...ourGroupMembers(previous.pid)];
    }
    if (attempt === CRASHING_RUNS + 1) void supervisor.stop();
  });
  supervisor.on('exit', ({ run, survivors }) => {
    const at = now();
    untrack(run.pid);
    const grandchildren = grandchildrenOf(run.pid);
    grandchildren.forEach(trackPid);
    pids.push(...grandchildren);
    runs.push({
      attempt: run.attempt,
      pid: run.pid,
      outcome: run.outcome,
      stopRequested: run.stopRequested,
      survivors,
      grandchildren,
      aliveAtExit: [...grandchildren.filter(isOurs), ...ourGroupMembers(run.pid)],
      leaderExitToEventMs: at - run.endedAt,
    });
  });

  try {
    supervisor.start();
    stopEvent = await withDeadline(supervisor.done, 30_000, 'grandchildren scenario');
  } finally {
    await ensureStopped(supervisor);
  }
  const crashed = runs.filter((r) => !r.stopRequested);
  const allGrandchildren = runs.flatMap((r) => r.grandchildren);
  const aliveAtEnd = [...allGrandchildren.filter(isOurs), ...pids.flatMap(ourGroupMembers)];
  // Gone: no longer tracked, so that no clean-up ever signals their (recyclable) pids. Leftovers stay tracked.
  for (const pid of allGrandchildren) if (!isOurs(pid)) untrack(pid);
  const figures = crashed.map(
    (r) =>
      `run ${r.attempt} (pid ${r.pid}): grandchildren ${r.grandchildren.join(', ') || 'none'}; leader exit -> 'exit' event ` +
      `${ms(r.leaderExitToEventMs)} (killTimeoutMs ${KILL_TIMEOUT_MS}: the SIGTERM-ignoring one needed SIGKILL); ` +
      `alive at 'exit': ${r.aliveAtExit.length}, at next spawn: ${r.aliveAtNextSpawn?.length ?? '?'}`,
  );
  const checks = [
    check(`${crashed.length} runs forked 2 grandchildren each and exited 1 (expected ${CRASHING_RUNS})`,
      crashed.length === CRASHING_RUNS && crashed.every((r) => r.grandchildren.length === 2 && r.outcome.kind === 'exited' && r.outcome.code === 1)),
    check('no grandchild alive at its run\'s \'exit\' event', crashed.every((r) => r.aliveAtExit.length === 0)),
    check('no grandchild alive when the next child spawned', crashed.every((r) => r.aliveAtNextSpawn?.length === 0)),
    check('the group waited for SIGKILL (leader exit -> exit event >= killTimeoutMs)', crashed.every((r) => r.leaderExitToEventMs >= KILL_TIMEOUT_MS - 5)),
    check('no survivors reported', runs.every((r) => !r.survivors) && !stopEvent?.survivors),
    check(`after stop: grandchildren or group members alive: ${aliveAtEnd.length}`, aliveAtEnd.length === 0),
  ];
  return { figures, checks, pids };
}
