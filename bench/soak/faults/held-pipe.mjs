// Fault 5: with stdio 'pipe', a child exits while a grandchild in its group still holds its stdout and stderr pipes.
// The exit must still be reported (node-spawner waits for the pipes only briefly), the grandchild reaped with the
// group, and the supervisor must complete (restart 'never').
import { isOurs, ourGroupMembers, track, trackPid, untrack } from '../pids.mjs';
import { ms } from '../report.mjs';
import { now, withDeadline } from '../wait.mjs';
import { NODE, check, childScript, ensureStopped } from './common.mjs';

export const title = "child exits while a grandchild holds its stdout pipe: exit reported, group reaped";

const KILL_TIMEOUT_MS = 1000;
const REPORT_WITHIN_MS = 3000;

export async function run({ dist }) {
  const { Supervisor, restartPolicy } = dist;
  const pids = [];
  let grandchild;
  let exitingAt;
  let spawnAt;
  let exit;
  const supervisor = new Supervisor({
    command: NODE,
    args: [childScript('pipe-holder.mjs')],
    stdio: 'pipe',
    killTimeoutMs: KILL_TIMEOUT_MS,
    policy: restartPolicy({ restart: 'never' }),
  });
  supervisor.on('spawn', ({ pid }) => {
    track(pid);
    pids.push(pid);
    spawnAt = now();
  });
  supervisor.on('output', ({ line }) => {
    const at = /^exiting at ([\d.]+)$/.exec(line);
    if (at) exitingAt = Number(at[1]);
    const m = /^grandchild (\d+)$/.exec(line);
    if (!m) return;
    grandchild = Number(m[1]);
    trackPid(grandchild);
    pids.push(grandchild);
  });
  supervisor.on('exit', ({ run, survivors }) => {
    untrack(run.pid);
    exit = {
      run,
      survivors,
      afterSpawnMs: now() - spawnAt,
      grandchildAlive: grandchild !== undefined && isOurs(grandchild),
      group: ourGroupMembers(run.pid),
    };
  });
  let stopEvent;
  try {
    supervisor.start();
    stopEvent = await withDeadline(supervisor.done, 15_000, 'held-pipe scenario');
  } finally {
    await ensureStopped(supervisor);
  }
  if (grandchild !== undefined && !isOurs(grandchild)) untrack(grandchild); // gone: never signal its pid again
  const outcome = exit?.run.outcome;
  const figures = [
    `child ${exit?.run.pid}, grandchild ${grandchild}: spawn -> 'exit' event ${ms(exit?.afterSpawnMs ?? Number.NaN)} ` +
      `(runtime as recorded ${ms(exit?.run.runtimeMs ?? Number.NaN)}); outcome ${JSON.stringify(outcome)}; stop reason ${stopEvent?.reason}`,
    `the child's own "exiting" timestamp -> endedAt recorded: ${ms((exit?.run.endedAt ?? Number.NaN) - (exitingAt ?? Number.NaN))} ` +
      '(node-spawner waits up to 200 ms for piped output after the exit; the recorded runtime includes that wait)',
  ];
  const checks = [
    check('the grandchild\'s pid was read from the piped output', grandchild !== undefined),
    check(`exit reported within ${REPORT_WITHIN_MS} ms of the spawn, as "exited with code 1"`,
      exit !== undefined && exit.afterSpawnMs <= REPORT_WITHIN_MS && outcome?.kind === 'exited' && outcome.code === 1),
    check('grandchild and group gone at the \'exit\' event, no survivors', exit && !exit.grandchildAlive && exit.group.length === 0 && !exit.survivors),
    check('supervisor completed (restart never), nothing alive after', stopEvent?.reason === 'completed' && pids.every((p) => !isOurs(p))),
  ];
  return { figures, checks, pids };
}
