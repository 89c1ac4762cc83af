import { describeRun } from '../policy/describe.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import type { SupervisorTree } from '../tree/supervisor-tree.js';
import { fs } from '../process/builtins.js';

type Line = (payload: any) => string;

// One readable line per lifecycle event, as xdaemon's guard logs its pid, its count, its error count and each child's
// runtime. A tree's lines name the child first: `spawn child=web#1 pid=4330 attempt=2`.
const CHILD_LINES: Readonly<Record<string, Line>> = {
  spawn: ({ pid, attempt }) => `pid=${pid} attempt=${attempt}`,
  ready: ({ pid, attempt, afterMs }) => `pid=${pid} attempt=${attempt} afterMs=${Math.round(afterMs)}`,
  exit: ({ run, survivors }) =>
    `pid=${run.pid ?? '-'} attempt=${run.attempt} ${describeRun(run)}${survivors ? ` survivors=${survivors.join(',')} (outlived SIGKILL)` : ''}`,
  crash: ({ run, consecutiveFailures }) => `pid=${run.pid ?? '-'} attempt=${run.attempt} consecutiveFailures=${consecutiveFailures}`,
  backoff: ({ delayMs, attempt }) => `attempt=${attempt} delayMs=${delayMs}`,
  giveup: ({ reason, restarts }) => `restarts=${restarts} ${reason}`,
  stop: ({ reason }) => `reason=${reason}`,
  'log-error': ({ path, code, droppedBytes, droppedLines, resumed }) =>
    `${resumed ? 'writing again to' : 'cannot write to'} ${path} (${code}); dropped ${droppedBytes} bytes, ${droppedLines} lines`,
};

/** `2026-11-27T21:10:00.123Z daemonkit guard[4321]: exit pid=4330 attempt=2 exited with code 1 after 120 ms`. */
export function attachLifecycleLog(supervisor: Supervisor): void {
  for (const [event, line] of Object.entries(CHILD_LINES)) {
    (supervisor.on as (e: string, l: (p: unknown) => void) => void)(event, (payload) => logGuardLine(`${event} ${line(payload)}`));
  }
}

/** The same lines for a tree, each naming its child, and the tree's own: group restarts, giving up, the end. */
export function attachTreeLifecycleLog(tree: SupervisorTree): void {
  for (const [event, line] of Object.entries(CHILD_LINES)) {
    (tree.on as (e: string, l: (p: { child: string }) => void) => void)(event, (payload) =>
      logGuardLine(`${event} child=${payload.child} ${line(payload)}`),
    );
  }
  const treeName = (id: string) => id || '(root)';
  tree.on('group-restart', ({ tree: id, trigger, children, strategy }) =>
    logGuardLine(`group-restart tree=${treeName(id)} strategy=${strategy} trigger=${trigger} children=${children.join(',')}`),
  );
  tree.on('tree-giveup', ({ tree: id, reason }) => logGuardLine(`tree-giveup tree=${treeName(id)} ${reason}`));
  tree.on('tree-stop', ({ reason }) => logGuardLine(`tree-stop reason=${reason}`));
}

/**
 * Writes `2026-11-27T21:10:00.123Z daemonkit guard[4321]: <text>` to the guard's stdout, which is the log file (or
 * /dev/null). Synchronous, so that the last line before exit is never lost.
 */
export function logGuardLine(text: string): void {
  try {
    fs().writeSync(1, `${new Date().toISOString()} daemonkit guard[${process.pid}]: ${text}\n`);
  } catch {
    // No stdout to write to.
  }
}
