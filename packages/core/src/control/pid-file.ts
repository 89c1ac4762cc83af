import { DaemonkitError } from '../errors.js';
import { fs } from '../process/builtins.js';
import { identityOf, isSameProcess, type ProcessIdentity } from '../process/process-identity.js';

/** Another guard holds the pid file, and it is proven alive. */
export class AlreadyRunningError extends DaemonkitError {
  override name = 'AlreadyRunningError';
  constructor(
    readonly pidFile: string,
    readonly pid: number,
  ) {
    super(`Already running: ${pidFile} belongs to the live guard pid ${pid}. Stop it first, or use another name or pidFile.`);
  }
}

/**
 * What a pid file holds: one line of JSON. The pid alone proves nothing (pids are reused, and anyone who can write the
 * folder can write a number); with the kernel's start time and the boot id, compared exactly, it names one process.
 */
export interface PidRecord extends ProcessIdentity {
  readonly daemonkit: 1;
  /** The daemon's name, when it has one. */
  readonly name?: string;
  /** Its control socket, when it listens on one. */
  readonly socket?: string;
}

/** A pid file as read: its record, or why it holds none (missing is neither). Never throws. */
export type PidFileReading =
  | { readonly kind: 'missing' }
  | { readonly kind: 'record'; readonly record: PidRecord }
  | { readonly kind: 'invalid'; readonly problem: string };

const MAX_PID_FILE_BYTES = 4096;

export function readPidRecord(path: string): PidFileReading {
  let text: string;
  try {
    const stat = fs().lstatSync(path);
    if (!stat.isFile()) return { kind: 'invalid', problem: `${path} is not a regular file` };
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) {
      return { kind: 'invalid', problem: `${path} belongs to uid ${stat.uid}, not to this user (uid ${uid}): it is not trusted` };
    }
    if (stat.size > MAX_PID_FILE_BYTES) return { kind: 'invalid', problem: `${path} is ${stat.size} bytes: not a pid file` };
    text = fs().readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', problem: `cannot read ${path}: ${(error as Error).message}` };
  }
  const record = parsePidRecord(text);
  return record ? { kind: 'record', record } : { kind: 'invalid', problem: `${path} does not hold a daemonkit pid record: ${JSON.stringify(text.slice(0, 60))}` };
}

/** The record in a pid file's text, or undefined when it is not one (a bare pid, garbage, a half-written file). */
export function parsePidRecord(text: string): PidRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const ok =
    v.daemonkit === 1 &&
    Number.isSafeInteger(v.pid) &&
    (v.pid as number) > 1 &&
    typeof v.start === 'string' &&
    v.start !== '' &&
    typeof v.boot === 'string' &&
    (v.name === undefined || typeof v.name === 'string') &&
    (v.socket === undefined || typeof v.socket === 'string');
  if (!ok) return undefined;
  return {
    daemonkit: 1,
    pid: v.pid as number,
    start: v.start as string,
    boot: v.boot as string,
    ...(v.name !== undefined ? { name: v.name as string } : {}),
    ...(v.socket !== undefined ? { socket: v.socket as string } : {}),
  };
}

/** What a pid file says about its guard: proven alive, or not running (with the reason when the file is bad). */
export type GuardProof =
  | { readonly running: true; readonly record: PidRecord }
  | { readonly running: false; readonly problem?: string; readonly stale?: PidRecord };

/** Whether the pid file names a live process, proven by pid, start time and boot; never throws. */
export function proveGuard(path: string): GuardProof {
  const reading = readPidRecord(path);
  if (reading.kind === 'missing') return { running: false };
  if (reading.kind === 'invalid') return { running: false, problem: reading.problem };
  return isSameProcess(reading.record) ? { running: true, record: reading.record } : { running: false, stale: reading.record };
}

/** This process's record, to be claimed. */
export function ownRecord(fields: { readonly name?: string; readonly socket?: string } = {}): PidRecord {
  const identity = identityOf(process.pid);
  if (identity === undefined) throw new DaemonkitError('Cannot read this process\'s own start time to write a pid file');
  return { daemonkit: 1, ...identity, ...fields };
}

/**
 * Claims `path` for `record`, race-free: the record is written whole to a temporary file, then hard-linked to `path`,
 * which fails if the name exists, so a reader never sees a half-written file and two claimants cannot both win. A
 * file left by a dead guard (or garbage) is moved aside first, checking that what was moved is what was judged.
 * Throws AlreadyRunningError when a live guard holds it.
 */
export function claimPidFile(path: string, record: PidRecord): void {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs().writeFileSync(temp, `${JSON.stringify(record)}\n`, { mode: 0o644, flag: 'wx' });
  try {
    for (let tries = 0; ; tries++) {
      try {
        fs().linkSync(temp, path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || tries >= 5) {
          throw new DaemonkitError(`Cannot create pidFile ${JSON.stringify(path)}: ${(error as Error).message}`, { cause: error });
        }
      }
      const proof = proveGuard(path);
      if (proof.running) {
        if (proof.record.pid === record.pid && proof.record.start === record.start) return;
        throw new AlreadyRunningError(path, proof.record.pid);
      }
      moveAsideIfUnchanged(path);
    }
  } finally {
    removeFile(temp);
  }
}

/**
 * Removes the stale file at `path`, unless another claimant replaced it meanwhile: the file is renamed to a private name
 * first and then checked; a fresh claim caught in between is put back.
 */
function moveAsideIfUnchanged(path: string): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    fs().renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const proof = proveGuard(aside);
  if (proof.running) {
    // A live guard's claim landed between our reading and the rename: give it back.
    try {
      fs().linkSync(aside, path);
    } catch {
      // Someone claimed the name again in between; that claimant proves itself on its own.
    }
  }
  removeFile(aside);
}

/** Removes `path` if it still holds this process's record: never another guard's file. */
export function releasePidFile(path: string, record: PidRecord): void {
  const reading = readPidRecord(path);
  if (reading.kind === 'record' && reading.record.pid === record.pid && reading.record.start === record.start) removeFile(path);
}

export function removeFile(path: string): void {
  try {
    fs().unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
