import { DaemonkitError } from '../errors.js';
import { isProcessAlive, processStartTimeMs } from '../process/process-liveness.js';
import { fs } from '../process/builtins.js';

/** Another instance holds the pid file: its pid is live. */
export class AlreadyRunningError extends DaemonkitError {
  override name = 'AlreadyRunningError';
  constructor(
    readonly pidFile: string,
    readonly pid: number,
  ) {
    super(`Already running: ${pidFile} holds the live pid ${pid}. Stop it first, or use another pidFile.`);
  }
}

/** The pid written in `path`, or undefined when there is no such file. Throws on content that is not a pid. */
export function readPidFile(path: string): number | undefined {
  let text: string;
  try {
    text = fs().readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DaemonkitError(`Cannot read pidFile ${JSON.stringify(path)}: ${(error as Error).message}`, { cause: error });
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) {
    throw new DaemonkitError(`pidFile ${JSON.stringify(path)} does not hold a pid: ${JSON.stringify(text.slice(0, 40))}`);
  }
  return pid;
}

/**
 * The live pid that `path` names, or undefined when the file is missing or stale. A pid is stale when no such process
 * lives, or (on Linux) when the process that has it now started after the file was written: the pid was reused.
 */
export function livePidIn(path: string): number | undefined {
  const pid = readPidFile(path);
  if (pid === undefined || !isProcessAlive(pid)) return undefined;
  const startedAt = processStartTimeMs(pid);
  if (startedAt !== undefined) {
    let writtenAt: number;
    try {
      writtenAt = fs().statSync(path).mtimeMs;
    } catch {
      return undefined;
    }
    // The owner starts before it (or its launcher) writes the file; a second of slack covers clock granularity.
    if (startedAt > writtenAt + 1000) return undefined;
  }
  return pid;
}

/**
 * Writes `pid` to `path`, created exclusively (O_EXCL), so two instances cannot both win. A stale file is replaced;
 * a live one throws AlreadyRunningError.
 */
export function claimPidFile(path: string, pid: number): void {
  for (let tries = 0; ; tries++) {
    let fd: number;
    try {
      fd = fs().openSync(path, 'wx', 0o644);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' || tries > 2) {
        throw new DaemonkitError(`Cannot create pidFile ${JSON.stringify(path)}: ${(error as Error).message}`, { cause: error });
      }
      const owner = livePidIn(path);
      if (owner !== undefined && owner !== pid) throw new AlreadyRunningError(path, owner);
      removeFile(path);
      continue;
    }
    try {
      fs().writeSync(fd, `${pid}\n`);
    } finally {
      fs().closeSync(fd);
    }
    return;
  }
}

/** Removes `path` if it still holds `pid`: never another instance's file. */
export function releasePidFile(path: string, pid: number): void {
  try {
    if (readPidFile(path) === pid) removeFile(path);
  } catch {
    // Unreadable or already gone: nothing of ours to remove.
  }
}

function removeFile(path: string): void {
  try {
    fs().unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
