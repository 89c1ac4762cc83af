import { onExit } from 'signal-exit';
import { ChildrenRecord, reapLeftovers } from '../control/children-record.js';
import { claimPidFile, ownRecord, readPidRecord, releasePidFile, type PidRecord } from '../control/pid-file.js';
import { followLog, readLogTail } from '../logs/read-tail.js';
import { listenControl, type ControlServer } from '../control/server.js';
import type { DaemonPaths } from '../control/state-home.js';
import type { ControlTarget } from '../control/target.js';
import { systemClock } from '../process/system-clock.js';
import { VERSION } from '../version.js';
import { logGuardLine } from './lifecycle-log.js';

export interface GuardRuntime {
  /** The daemon's name (on the wire): given, or the pid file's base name. */
  readonly name: string;
  /** Pid file, socket and children record; undefined for a daemon without a pid file (nothing to prove, no socket). */
  readonly paths: DaemonPaths | undefined;
  readonly target: ControlTarget;
  readonly killTimeoutMs: number;
  readonly logFileOf: (child: string) => string | undefined;
  readonly hasReadiness: (child: string) => boolean;
  readonly logLines: boolean;
}

/** What a running guard holds, to release when it ends. */
export interface HeldGuard {
  readonly server: ControlServer | undefined;
  /** Releases everything and exits with `code`, after telling clients. */
  exit(code: number): Promise<never>;
}

/**
 * Takes up the guard's duties before its children start: proves itself in the pid file, reaps the children of a
 * predecessor that died without stopping them, records its own children as they come and go, and answers on the
 * control socket. Throws (the caller logs it and exits 1) when another live guard holds the pid file or the socket.
 */
export async function holdGuard(runtime: GuardRuntime, subscribe: (record: ChildrenRecord) => void): Promise<HeldGuard> {
  const { paths } = runtime;
  let record: PidRecord | undefined;
  let children: ChildrenRecord | undefined;
  let server: ControlServer | undefined;
  if (paths) {
    record = holdPidFile(paths, runtime.name);
    const reaped = await reapLeftovers(paths.childrenFile, runtime.killTimeoutMs);
    if (reaped.length > 0 && runtime.logLines) logGuardLine(`reaped ${reaped.length} leftover children of a dead guard: ${reaped.join(',')}`);
    children = new ChildrenRecord(paths.childrenFile);
    subscribe(children);
    server = await listenControl({
      socketPath: paths.socket,
      greeting: { daemonkit: 1, pid: process.pid, name: runtime.name, startedAt: new Date().toISOString(), version: VERSION },
      target: runtime.target,
      now: systemClock.now,
      logFileOf: runtime.logFileOf,
      hasReadiness: runtime.hasReadiness,
      tail: ({ child, lines, follow }, send, signal) => {
        const file = runtime.logFileOf(child ?? runtime.target.statuses()[0]?.id ?? '');
        if (file === undefined) throw new Error(child === undefined ? 'this daemon writes no log' : `${child} writes no log (or there is no such child)`);
        if (follow) return followLog(file, send, signal, { lines });
        for (const line of readLogTail(file, lines)) send(line);
        return Promise.resolve();
      },
    });
  }
  const release = () => {
    children?.clear();
    if (paths && record) releasePidFile(paths.pidFile, record);
  };
  onExit(release);
  return {
    server,
    async exit(code) {
      // Replies to a `stop` are written in the same turn as `done` settles: let them out before closing.
      await new Promise((resolve) => setImmediate(resolve));
      await server?.close();
      release();
      if (runtime.logLines) logGuardLine(`exiting with code ${code}`);
      process.exit(code);
    },
  };
}

/** Claims the pid file for this process (the launcher normally wrote this process's record already). */
function holdPidFile(paths: DaemonPaths, name: string): PidRecord {
  const own = ownRecord({ name, socket: paths.socket });
  const reading = readPidRecord(paths.pidFile);
  if (reading.kind === 'record' && reading.record.pid === own.pid && reading.record.start === own.start) return reading.record;
  claimPidFile(paths.pidFile, own);
  return own;
}
