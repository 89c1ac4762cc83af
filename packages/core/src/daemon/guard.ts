import { onExit } from 'signal-exit';
import type { DaemonOptions } from './options.js';
import { definedOnly } from '../options/defined-only.js';
import { nodeSpawner } from '../process/node-spawner.js';
import type { Spawner } from '../process/seams.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { attachLifecycleLog, logGuardLine } from './lifecycle-log.js';
import { formatMarker, MARKER_ENV } from './marker.js';
import { claimPidFile, readPidFile, releasePidFile } from './pid-file.js';
import { relaunchCommand } from './relaunch.js';

/** Signals the guard passes on to its worker rather than acting on them. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = Object.freeze(['SIGHUP', 'SIGUSR1', 'SIGUSR2']);

/**
 * The guard: runs a Supervisor over worker copies of this program and never returns. SIGTERM or SIGINT stop it
 * gracefully (exit 0); SIGHUP, SIGUSR1 and SIGUSR2 go to the worker; it exits 1 when the policy gives up and 0 when
 * it completes. It holds the pid file while it runs.
 */
export async function runGuard(options: DaemonOptions, generation: number): Promise<never> {
  const guardPid = process.pid;
  const pidFile = options.pidFile;
  if (pidFile !== undefined) {
    // The launcher normally wrote it already, with this pid; claim it if the launcher could not.
    if (readPidFile(pidFile) !== guardPid) claimPidFile(pidFile, guardPid);
    onExit(() => releasePidFile(pidFile, guardPid));
  }

  const { command, args } = relaunchCommand();
  let attempt = 0;
  const spawner: Spawner = {
    spawn(spec, hooks) {
      attempt += 1;
      const marker = formatMarker({ generation, role: 'worker', guardPid, attempt });
      return nodeSpawner.spawn({ ...spec, env: { ...spec.env, [MARKER_ENV]: marker } }, hooks);
    },
  };
  const { readiness, watchdog, maxMemoryBytes, policy, killSignal, killTimeoutMs, logFile } = options;
  const supervisor = new Supervisor({
    command,
    args,
    spawner,
    // The channel links the worker's life to the guard's, and carries readiness, heartbeats and shutdown.
    ipc: true,
    ...definedOnly({ readiness, watchdog, maxMemoryBytes, policy, killSignal, killTimeoutMs }),
    ...(logFile === undefined ? { stdio: 'ignore' as const } : { logFile }),
  });
  if (options.lifecycleLog ?? true) {
    attachLifecycleLog(supervisor);
    logGuardLine(`started for ${supervisor.commandLine}`);
  }
  // A throwing listener (the application's, attached in setup) must not take the guard down with its worker: the
  // error is logged and supervision carries on.
  supervisor.on('error', ({ error, event }) => {
    logGuardLine(`error in a ${event} listener: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  });
  options.setup?.(supervisor);

  const stop = () => void supervisor.stop();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (const signal of FORWARDED_SIGNALS) {
    // To the worker's process while it lives; between runs, or while a crashed worker's group is reaped, nothing.
    process.on(signal, () => supervisor.signal(signal));
  }

  supervisor.start();
  const { reason } = await supervisor.done;
  if (pidFile !== undefined) releasePidFile(pidFile, guardPid);
  const code = reason === 'giveup' ? 1 : 0;
  if (options.lifecycleLog ?? true) logGuardLine(`exiting with code ${code}`);
  process.exit(code);
}
