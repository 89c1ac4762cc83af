import type { ChildrenRecord } from '../control/children-record.js';
import { daemonPaths, pathsBeside, type DaemonPaths } from '../control/state-home.js';
import { supervisorTarget, treeTarget, type ControlTarget } from '../control/target.js';
import { definedOnly } from '../options/defined-only.js';
import { DEFAULT_KILL_TIMEOUT_MS } from '../supervisor/options.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { rootChildName } from '../tree/node.js';
import type { SupervisorTree } from '../tree/supervisor-tree.js';
import { holdGuard, type HeldGuard } from './guard-runtime.js';
import type { DaemonOptions, DaemonServicesOptions } from './options.js';
import { attachLifecycleLog, attachTreeLifecycleLog, logGuardLine } from './lifecycle-log.js';
import { buildServiceTree, serviceLogFiles, workerServices } from './services.js';
import { relaunchCommand } from './relaunch.js';
import { workerSpawner } from './worker-spawner.js';

/** Signals the guard passes on to its worker rather than acting on them. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = Object.freeze(['SIGHUP', 'SIGUSR1', 'SIGUSR2']);

/**
 * The guard: runs a Supervisor over worker copies of this program (or, with `services`, a SupervisorTree of them) and
 * never returns. SIGTERM or SIGINT stop it gracefully (exit 0); SIGHUP, SIGUSR1 and SIGUSR2 go to the workers; it exits
 * 1 when the policy (the tree) gives up and 0 when it completes. With a pid file (or a name) it proves itself there,
 * reaps what a dead predecessor left, and answers on the control socket while it runs (see holdGuard()).
 */
export async function runGuard(options: DaemonOptions | DaemonServicesOptions, generation: number): Promise<never> {
  const paths = daemonPathsOf(options);
  const logFile = options.logFile ?? (options.name !== undefined ? paths?.logFile : undefined);
  const logLines = options.lifecycleLog ?? true;
  const killTimeoutMs = options.killTimeoutMs ?? DEFAULT_KILL_TIMEOUT_MS;
  let emitter: SupervisorTree | Supervisor;
  let target: ControlTarget;
  let start: () => void;
  let describe: string;
  let logFileOf: (child: string) => string | undefined;
  let hasReadiness: (child: string) => boolean;
  if ('services' in options) {
    const withLog = logFile === undefined ? options : { ...options, logFile };
    const tree = buildServiceTree(withLog, generation);
    const workers = workerServices(options);
    const files = serviceLogFiles(withLog);
    emitter = tree;
    target = treeTarget(tree);
    describe = `services ${Object.keys(options.services).join(', ')}`;
    logFileOf = (child) => files.get(rootChildName(child));
    hasReadiness = (child) => options.services[rootChildName(child)]?.readiness !== undefined;
    if (logLines) attachTreeLifecycleLog(tree);
    tree.on('error', logListenerError);
    options.setup?.(tree);
    // Forwarded to the workers (copies of this program, which may handle them), not to command services such as a
    // database, which may not expect a SIGHUP.
    wireSignals(() => void tree.stop(), (signal) => workers.forEach((name) => tree.signal(signal, name)));
    start = () => tree.start();
  } else {
    const supervisor = workerSupervisor(options, generation, logFile);
    emitter = supervisor;
    target = supervisorTarget(supervisor);
    describe = supervisor.commandLine;
    logFileOf = () => logFile;
    hasReadiness = () => options.readiness !== undefined;
    if (logLines) attachLifecycleLog(supervisor);
    supervisor.on('error', logListenerError);
    options.setup?.(supervisor);
    wireSignals(() => void supervisor.stop(), (signal) => supervisor.signal(signal));
    start = () => supervisor.start();
  }
  let held: HeldGuard;
  try {
    held = await holdGuard(
      { name: daemonName(options, paths), paths, target, killTimeoutMs, logFileOf, hasReadiness, logLines },
      (children) => recordChildren(emitter, children),
    );
  } catch (error) {
    logGuardLine(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  if (logLines) logGuardLine(`started for ${describe}${paths ? ` (control socket ${paths.socket})` : ''}`);
  start();
  const { reason } = await (emitter.done as Promise<{ readonly reason: string }>);
  return held.exit(reason === 'giveup' ? 1 : 0);
}

/** The pid file, socket and children record of a daemon() call: by `name` in the state folder, or beside `pidFile`. */
export function daemonPathsOf(options: DaemonOptions | DaemonServicesOptions): DaemonPaths | undefined {
  if (options.pidFile !== undefined) return pathsBeside(options.pidFile, options.controlSocket);
  if (options.name === undefined) return undefined;
  const paths = daemonPaths(options.name);
  return options.controlSocket === undefined ? paths : { ...paths, socket: pathsBeside(paths.pidFile, options.controlSocket).socket };
}

/** The name on the wire: given, or the pid file's base name (`app.pid` -> `app`). */
export function daemonName(options: DaemonOptions | DaemonServicesOptions, paths: DaemonPaths | undefined): string {
  if (options.name !== undefined) return options.name;
  const base = paths ? (paths.pidFile.split(/[\\/]/).pop() ?? '') : '';
  return base.replace(/\.pid$/, '') || 'daemon';
}

/** Keeps the children record up to date: each spawn adds a pid, each exit removes it. */
export function recordChildren(emitter: SupervisorTree | Supervisor, record: ChildrenRecord): void {
  const on = emitter.on.bind(emitter) as (event: string, listener: (payload: { pid?: number; run?: { pid?: number } }) => void) => void;
  on('spawn', ({ pid }) => pid !== undefined && record.add(pid));
  on('exit', ({ run }) => run?.pid !== undefined && record.remove(run.pid));
}

/** The Supervisor of a single-worker daemon: copies of this program, each marked with the guard and its attempt. */
function workerSupervisor(options: DaemonOptions, generation: number, logFile: string | undefined): Supervisor {
  const { command, args } = relaunchCommand();
  const { readiness, watchdog, maxMemoryBytes, policy, killSignal, killTimeoutMs } = options;
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
