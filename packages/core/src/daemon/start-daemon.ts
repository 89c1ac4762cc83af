import type { ChildProcess } from 'node:child_process';
import { connect } from '../control/client.js';
import type { DaemonReport } from '../control/server.js';
import { checkDaemonName, daemonPaths, type DaemonPaths } from '../control/state-home.js';
import { DaemonkitError } from '../errors.js';
import { childProcess, fs } from '../process/builtins.js';
import { openLogFile } from '../process/log-file.js';
import type { GuardAnswer } from './command-guard.js';
import { commandTree, parseStartDaemonOptions, resolveServices, type CommandGuardSpec, type StartDaemonOptions } from './command-services.js';
import { prepareStateFolder } from './daemon.js';

/** A daemon startDaemon() started: its guard, its files, and its status once its children had spawned. */
export interface StartedDaemon {
  readonly name: string;
  /** The guard's pid. */
  readonly pid: number;
  readonly paths: DaemonPaths;
  readonly status: DaemonReport;
}

/** The guard's entry script: beside this module once built, or in dist/ when running from source. */
function guardEntry(): string {
  const path = process.getBuiltinModule('node:path');
  const here = path.dirname(process.getBuiltinModule('node:url').fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'guard-main.js'), path.join(here, '..', '..', 'dist', 'guard-main.js')];
  const found = candidates.find((candidate) => fs().existsSync(candidate));
  if (!found) throw new DaemonkitError(`Cannot find the guard's entry script (looked at ${candidates.join(', ')}); build @daemonkit/core`);
  return found;
}

/**
 * Starts a detached guard that runs `services` (any commands) as one tree, in the state folder, without re-executing
 * the caller, and resolves once the guard answers on its control socket and every child has spawned (with
 * `waitReady`, is ready). Rejects with the guard's error (a command that cannot be spawned, a name already running):
 * nothing is then left running. Bad options throw at once, naming the option.
 *
 * @example
 * const { pid, paths } = await startDaemon({
 *   name: 'api',
 *   services: { web: { command: 'node', args: ['server.js'], instances: 2, policy: { preset: 'pm2' } } },
 * });
 */
export async function startDaemon(input: StartDaemonOptions): Promise<StartedDaemon> {
  const options = parseStartDaemonOptions(input);
  const name = checkDaemonName(options.name, 'startDaemon()');
  const paths = daemonPaths(name, options.home === undefined ? {} : { home: options.home });
  const spec: CommandGuardSpec = {
    name,
    paths,
    services: resolveServices(options, paths, process.cwd()),
    ...(options.strategy !== undefined ? { strategy: options.strategy } : {}),
    ...(options.intensity !== undefined ? { intensity: options.intensity } : {}),
    waitReady: options.waitReady ?? false,
  };
  commandTree(spec);
  prepareStateFolder(paths);
  const logFd = openLogFile(paths.logFile);
  let guard: ChildProcess;
  try {
    guard = childProcess().spawn(process.execPath, [guardEntry()], {
      cwd: paths.dir,
      detached: true,
      stdio: ['ignore', logFd, logFd, 'ipc'],
      // Structured clone, not JSON: a policy's Infinity (maxRestarts: Infinity) reaches the guard as Infinity.
      serialization: 'advanced',
      windowsHide: true,
    });
  } finally {
    fs().closeSync(logFd);
  }
  const answer = await guardAnswer(guard, spec, options.timeoutMs ?? 30_000, paths);
  if (!answer.ok) throw new DaemonkitError(`${name}: ${answer.error} (see ${paths.logFile})`);
  const remote = await connect({ socket: paths.socket });
  try {
    return { name, pid: remote.greeting.pid, paths, status: await remote.status() };
  } finally {
    remote.close();
  }
}

/** Sends the spec and waits for the guard's one answer; a guard that exits or stays silent is a failure. */
function guardAnswer(guard: ChildProcess, spec: CommandGuardSpec, timeoutMs: number, paths: DaemonPaths): Promise<GuardAnswer> {
  return new Promise((resolve) => {
    const done = (answer: GuardAnswer) => {
      clearTimeout(timer);
      guard.off('exit', onExit);
      guard.off('message', onMessage);
      if (guard.connected) guard.disconnect();
      guard.unref();
      resolve(answer);
    };
    const onMessage = (message: unknown) => done(message as GuardAnswer);
    let timedOut = false;
    const onExit = (code: number | null, signal: string | null) =>
      done({
        ok: false,
        error: timedOut
          ? `no answer from the guard within ${timeoutMs} ms; it was stopped`
          : `the guard exited (${signal ?? `code ${code}`}) before its children started`,
      });
    const timer = setTimeout(() => {
      // Ours, just spawned and not yet exited (we would have heard): it stops what it started, then exits.
      timedOut = true;
      guard.kill('SIGTERM');
      setTimeout(() => guard.exitCode === null && guard.kill('SIGKILL'), 10_000).unref();
    }, timeoutMs);
    guard.once('error', (error) => done({ ok: false, error: `cannot start the guard: ${error.message}` }));
    guard.on('message', onMessage);
    guard.once('exit', onExit);
    guard.send({ spec }, (error) => {
      if (error) done({ ok: false, error: `cannot reach the guard (${paths.socket}): ${error.message}` });
    });
  });
}
