import { describeRun } from '../policy/describe.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { fs } from '../process/builtins.js';

/**
 * One readable line per lifecycle event, as xdaemon's guard logs its pid, its count, its error count and each
 * child's runtime: `2026-11-27T21:10:00.123Z daemonkit guard[4321]: exit pid=4330 attempt=2 exited with code 1 after 120 ms`.
 */
export function attachLifecycleLog(supervisor: Supervisor): void {
  const log = logGuardLine;
  supervisor.on('spawn', ({ pid, attempt }) => log(`spawn pid=${pid} attempt=${attempt}`));
  supervisor.on('ready', ({ pid, attempt, afterMs }) => log(`ready pid=${pid} attempt=${attempt} afterMs=${Math.round(afterMs)}`));
  supervisor.on('exit', ({ run, survivors }) =>
    log(`exit pid=${run.pid ?? '-'} attempt=${run.attempt} ${describeRun(run)}${survivors ? ` survivors=${survivors.join(',')} (outlived SIGKILL)` : ''}`),
  );
  supervisor.on('crash', ({ run, consecutiveFailures }) =>
    log(`crash pid=${run.pid ?? '-'} attempt=${run.attempt} consecutiveFailures=${consecutiveFailures}`),
  );
  supervisor.on('backoff', ({ delayMs, attempt }) => log(`backoff attempt=${attempt} delayMs=${delayMs}`));
  supervisor.on('giveup', ({ reason, restarts }) => log(`giveup restarts=${restarts} ${reason}`));
  supervisor.on('stop', ({ reason }) => log(`stop reason=${reason}`));
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
