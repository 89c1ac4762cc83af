import { onExit } from 'signal-exit';
import type { DaemonOptions } from '../options/daemon-options.js';
import { nodeSpawner } from '../process/node-spawner.js';
import type { Spawner } from '../supervisor/seams.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { attachLifecycleLog } from './lifecycle-log.js';
import { formatMarker, MARKER_ENV } from './marker.js';
import { claimPidFile, readPidFile, releasePidFile } from './pid-file.js';
import { relaunchCommand } from './relaunch.js';
import { fs } from '../process/builtins.js';

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
  const { readiness, watchdog, maxMemoryBytes } = options;
  const supervisor = new Supervisor({
    command,
    args,
    spawner,
    // The channel links the worker's life to the guard's, and carries readiness, heartbeats and shutdown.
    ipc: true,
    ...(readiness === undefined ? {} : { readiness }),
    ...(watchdog === undefined ? {} : { watchdog }),
    ...(maxMemoryBytes === undefined ? {} : { maxMemoryBytes }),
    ...(options.logFile === undefined ? { stdio: 'ignore' as const } : { logFile: options.logFile }),
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    ...(options.killSignal === undefined ? {} : { killSignal: options.killSignal }),
    ...(options.killTimeoutMs === undefined ? {} : { killTimeoutMs: options.killTimeoutMs }),
  });
  if (options.lifecycleLog ?? true) {
    attachLifecycleLog(supervisor);
    writeLine(`${new Date().toISOString()} daemonkit guard[${guardPid}]: started for ${supervisor.commandLine}`);
  }
  options.setup?.(supervisor);

  const stop = () => void supervisor.stop();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (const signal of FORWARDED_SIGNALS) {
    process.on(signal, () => {
      const pid = supervisor.pid;
      if (pid !== undefined) process.kill(pid, signal);
    });
  }

  supervisor.start();
  const { reason } = await supervisor.done;
  if (pidFile !== undefined) releasePidFile(pidFile, guardPid);
  const code = reason === 'giveup' ? 1 : 0;
  if (options.lifecycleLog ?? true) writeLine(`${new Date().toISOString()} daemonkit guard[${guardPid}]: exiting with code ${code}`);
  process.exit(code);
}

function writeLine(line: string): void {
  try {
    fs().writeSync(1, `${line}\n`);
  } catch {
    // No stdout to write to.
  }
}
