import { DaemonkitError, InvalidOptionsError } from '../errors.js';
import { parseDaemonOptions, type DaemonOptions, type DaemonServicesOptions } from './options.js';
import { buildServiceTree } from './services.js';
import { roleMismatch, startCopy } from './background.js';
import { daemonName, daemonPathsOf, runGuard } from './guard.js';
import { inheritedMarker, nextCallIndex } from './marker.js';
import { AlreadyRunningError, claimPidFile, proveGuard } from '../control/pid-file.js';
import { checkDaemonName, socketAddress, type DaemonPaths } from '../control/state-home.js';
import { fs } from '../process/builtins.js';
import { identityOf } from '../process/process-identity.js';
import { linkWorkerToGuard } from './worker-link.js';

/** What `daemon()` resolves with in the worker: the code after it is the application. */
export interface WorkerInfo {
  readonly role: 'worker';
  /** 1 for the first run, then one more per restart (per replica, with services). */
  readonly attempt: number;
  readonly guardPid: number;
  /** With `services`: the service this worker runs. */
  readonly service?: string;
  /** With `services` and `instances`: which replica, from 0. */
  readonly instance?: number;
}

/**
 * xdaemon's Daemon.Run, with a guard that deserves the name. In the process the user started (the launcher) it
 * checks the options and the pid file, starts the guard detached and exits 0; mistakes and "already running" are
 * thrown there, in the terminal. The guard supervises worker copies of the program by `policy` and never returns.
 * In a worker it resolves at once and the application runs; the worker shuts down gracefully if its guard dies.
 *
 * @example
 * const { attempt } = await daemon({ logFile: 'app.log', pidFile: 'app.pid', policy: xdaemonPolicy({ maxCount: 2 }) });
 * startServer(); // only the worker gets here
 */
export async function daemon(options: DaemonServicesOptions): Promise<WorkerInfo>;
export async function daemon(options?: DaemonOptions): Promise<WorkerInfo>;
export async function daemon(options?: DaemonOptions | DaemonServicesOptions): Promise<WorkerInfo> {
  const index = nextCallIndex();
  const marker = inheritedMarker();
  if (marker && index <= marker.generation) {
    if (index < marker.generation) {
      throw new DaemonkitError('daemon() must come after any background() call: this process descends from its worker.');
    }
    if (marker.role === 'worker') {
      linkWorkerToGuard();
      const { attempt, guardPid, service, instance } = marker;
      return { role: 'worker', attempt, guardPid, ...(service !== undefined ? { service } : {}), ...(instance !== undefined ? { instance } : {}) };
    }
    // The launcher, running the same program with the same options, has validated them already.
    if (marker.role === 'guard') return runGuard(options ?? {}, index);
    throw roleMismatch('daemon()', marker);
  }
  const parsed = parseDaemonOptions(options);
  if (parsed.services !== undefined) checkServices(parsed as DaemonServicesOptions, index);
  else if (parsed.strategy !== undefined || parsed.intensity !== undefined) {
    const key = parsed.strategy !== undefined ? 'strategy' : 'intensity';
    throw new InvalidOptionsError(`daemon(): \`${key}\` applies to \`services\`, and none are given`, key);
  }
  return launch(parsed, index);
}

/** With services, health options and policies go per service; the tree they make is built (not started) to check it. */
function checkServices(options: DaemonServicesOptions, generation: number): void {
  for (const key of ['policy', 'readiness', 'watchdog', 'maxMemoryBytes'] as const) {
    if ((options as unknown as Record<string, unknown>)[key] !== undefined) {
      throw new InvalidOptionsError(`daemon(): with \`services\`, give \`${key}\` per service (services.<name>.${key})`, key);
    }
  }
  if (Object.keys(options.services).length === 0) throw new InvalidOptionsError('daemon(): `services` is empty', 'services');
  buildServiceTree(options, generation);
}

function launch(options: DaemonOptions, generation: number): never {
  if (options.name !== undefined) checkDaemonName(options.name, 'daemon()');
  if (options.controlSocket !== undefined && options.pidFile === undefined && options.name === undefined) {
    throw new InvalidOptionsError('daemon(): `controlSocket` needs `pidFile` or `name` (the socket is found through them)', 'controlSocket');
  }
  const paths = daemonPathsOf(options);
  if (paths) prepareStateFolder(paths);
  const guardPid = startCopy('daemon()', { generation, role: 'guard' }, options.logFile ?? (options.name !== undefined ? paths?.logFile : undefined));
  if (paths) {
    try {
      // Written here, with the guard's identity: a launcher that lost a race reports it in its terminal.
      const identity = identityOf(guardPid);
      if (!identity) throw new DaemonkitError(`The guard (pid ${guardPid}) exited at once; see its log`);
      claimPidFile(paths.pidFile, { daemonkit: 1, ...identity, name: daemonName(options, paths), socket: paths.socket });
    } catch (error) {
      process.kill(guardPid, 'SIGKILL');
      throw error;
    }
  }
  process.exit(0);
}

/**
 * Checks, in the launcher's terminal, what would otherwise fail in the guard: the folder exists (a state folder is
 * created, mode 0700), the socket path fits, and no live guard holds the pid file.
 */
export function prepareStateFolder(paths: DaemonPaths): void {
  socketAddress(paths.socket);
  fs().mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  const proof = proveGuard(paths.pidFile);
  if (proof.running) throw new AlreadyRunningError(paths.pidFile, proof.record.pid);
}
