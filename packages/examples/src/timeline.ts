import { describeRun, type Supervisor } from '@daemonkit/core';

/** Prints one aligned line per lifecycle event: time since start, event, pid, details. */
export function printTimeline(supervisor: Supervisor, print: (line: string) => void = console.log): void {
  const t0 = performance.now();
  const line = (event: string, pid: number | undefined, detail: string) => {
    const time = `${((performance.now() - t0) / 1000).toFixed(3)}s`.padStart(8);
    print(`${time}  ${event.padEnd(8)} ${String(pid ?? '').padStart(7)}  ${detail}`);
  };
  print(`${'time'.padStart(8)}  ${'event'.padEnd(8)} ${'pid'.padStart(7)}  detail`);
  supervisor.on('spawn', ({ pid, attempt }) => line('spawn', pid, `attempt ${attempt}`));
  supervisor.on('exit', ({ run }) => line('exit', run.pid, describeRun(run)));
  supervisor.on('crash', ({ run, consecutiveFailures }) =>
    line('crash', run.pid, `${consecutiveFailures} failure${consecutiveFailures === 1 ? '' : 's'} in a row`),
  );
  supervisor.on('backoff', ({ delayMs, attempt }) => line('backoff', undefined, `attempt ${attempt} in ${delayMs} ms`));
  supervisor.on('giveup', ({ reason }) => line('giveup', undefined, reason));
  supervisor.on('stop', ({ reason }) => line('stop', undefined, reason));
}
