import { DaemonkitError } from '../errors.js';
import { fs } from './builtins.js';

/** Log files are readable by the owner's group only (xdaemon creates them 0666). */
export const LOG_FILE_MODE = 0o640;

/**
 * Opens `path` for appending, creating it with mode 0640: output is appended, never truncated. Throws a
 * DaemonkitError naming the path when it cannot be opened.
 */
export function openLogFile(path: string): number {
  try {
    return fs().openSync(path, 'a', LOG_FILE_MODE);
  } catch (error) {
    throw new DaemonkitError(`Cannot open logFile ${JSON.stringify(path)}: ${(error as Error).message}`, { cause: error });
  }
}
