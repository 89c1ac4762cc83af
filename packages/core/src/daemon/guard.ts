import { onExit } from 'signal-exit';
import type { DaemonOptions, DaemonServicesOptions } from './options.js';
import { definedOnly } from '../options/defined-only.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { attachLifecycleLog, attachTreeLifecycleLog, logGuardLine } from './lifecycle-log.js';
import { buildServiceTree, workerServices } from './services.js';
import { claimPidFile, readPidFile, releasePidFile } from './pid-file.js';
import { relaunchCommand } from './relaunch.js';
import { workerSpawner } from './worker-spawner.js';

/** Signals the guard passes on to its worker rather than acting on them. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = Object.freeze(['SIGHUP', 'SIGUSR1', 'SIGUSR2']);

/**
 * The guard: runs a Supervisor over worker copies of this program (or, with `services`, a SupervisorTree of them) and
 * never returns. SIGTERM or SIGINT stop it gracefully (exit 0); SIGHUP, SIGUSR1 and SIGUSR2 go to the workers; it exits
 * 1 when the policy (the tree) gives up and 0 when it completes. It holds the pid file while it runs.
 */
export async function runGuard(options: DaemonOptions | DaemonServicesOptions, generation: number): Promise<never> {
  const release = holdPidFile(options.pidFile);
  const logLines = options.lifecycleLog ?? true;
  let done: Promise<{ readonly reason: string }>;
  if ('services' in options) {
    const tree = buildServiceTree(options, generation);
    if (logLines) {
      attachTreeLifecycleLog(tree);
      logGuardLine(`started for services ${Object.keys(options.services).join(', ')}`);
    }
    tree.on('error', logListenerError);
    options.setup?.(tree);
    // Forwarded to the workers (copies of this program, which may handle them), not to command services such as a
    // database, which may not expect a SIGHUP.
    const workers = workerServices(options);
    wireSignals(() => void tree.stop(), (signal) => workers.forEach((name) => tree.signal(signal, name)));
    tree.start();
    done = tree.done;
  } else {
    const supervisor = workerSupervisor(options, generation);
    if (logLines) {
      attachLifecycleLog(supervisor);
      logGuardLine(`started for ${supervisor.commandLine}`);
    }
    supervisor.on('error', logListenerError);
    options.setup?.(supervisor);
    wireSignals(() => void supervisor.stop(), (signal) => supervisor.signal(signal));
    supervisor.start();
    done = supervisor.done;
  }
  const { reason } = await done;
  release();
  const code = reason === 'giveup' ? 1 : 0;
  if (logLines) logGuardLine(`exiting with code ${code}`);
  process.exit(code);
}

/** The Supervisor of a single-worker daemon: copies of this program, each marked with the guard and its attempt. */
function workerSupervisor(options: DaemonOptions, generation: number): Supervisor {
  const { command, args } = relaunchCommand();
  const { readiness, watchdog, maxMemoryBytes, policy, killSignal, killTimeoutMs, logFile } = options;
  return new Supervisor({
    command,
    args,
    spawner: workerSpawner(generation),
    // The channel links the worker's life to the guard's, and carries readiness, heartbeats and shutdown.
    ipc: true,
    ...definedOnly({ readiness, watchdog, maxMemoryBytes, policy, killSignal, killTimeoutMs }),
    ...(logFile === undefined ? { stdio: 'ignore' as const } : { logFile }),
  });
}

/** Claims the pid file (the launcher normally wrote it already, with this pid) and returns its release. */
function holdPidFile(pidFile: string | undefined): () => void {
  if (pidFile === undefined) return () => {};
  const guardPid = process.pid;
  if (readPidFile(pidFile) !== guardPid) claimPidFile(pidFile, guardPid);
  const release = () => releasePidFile(pidFile, guardPid);
  onExit(release);
  return release;
}

function wireSignals(stop: () => void, forward: (signal: NodeJS.Signals) => void): void {
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // To the workers' processes while they live; between runs, or while a crashed worker's group is reaped, nothing.
  for (const signal of FORWARDED_SIGNALS) process.on(signal, () => forward(signal));
}

// A throwing listener (the application's, attached in setup) must not take the guard down with its workers: the error
// is logged and supervision carries on.
function logListenerError({ error, event }: { readonly error: unknown; readonly event: string }): void {
  logGuardLine(`error in a ${event} listener: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
