import { DaemonkitError } from '../errors.js';
import { parseBackgroundOptions, type BackgroundOptions } from './options.js';
import { openLogFile } from '../process/log-file.js';
import { inheritedMarker, nextCallIndex, type Marker } from './marker.js';
import { spawnDetachedCopy } from './relaunch.js';
import { fs } from '../process/builtins.js';

export type BackgroundResult =
  /** This process started the copy (only returned with `exit: false`). */
  | { readonly role: 'parent'; readonly pid: number }
  /** This process is the copy: the code after the call is its to run. */
  | { readonly role: 'child'; readonly generation: number };

/**
 * xdaemon's Background: re-executes this program detached, with the same node, flags and arguments, and exits
 * (or, with `exit: false`, returns `{ role: 'parent', pid }`). In the copy it returns `{ role: 'child' }`. Repeated
 * calls build generations: three calls make three hops and only the last copy runs the code after them.
 * Throws in the caller's terminal when the log file cannot be opened or the copy cannot be started.
 *
 * @example
 * background({ logFile: 'app.log' }); // the terminal gets its prompt back; the rest runs detached
 * console.log(process.pid, 'start...');
 */
export function background(options?: BackgroundOptions & { readonly exit?: true }): BackgroundResult & { role: 'child' };
export function background(options: BackgroundOptions): BackgroundResult;
export function background(options?: BackgroundOptions): BackgroundResult {
  const o = parseBackgroundOptions(options);
  const index = nextCallIndex();
  const marker = inheritedMarker();
  if (marker && index <= marker.generation) {
    if (index === marker.generation && marker.role !== 'child') throw roleMismatch('background()', marker);
    return { role: 'child', generation: index };
  }
  const pid = startCopy('background()', { generation: index, role: 'child' }, o.logFile);
  if (o.exit ?? true) process.exit(0);
  return { role: 'parent', pid };
}

/** Starts the next generation detached, its output appended to `logFile`; throws a clear error when it cannot. */
export function startCopy(where: string, marker: Marker, logFile: string | undefined): number {
  const fd = logFile === undefined ? undefined : openLogFile(logFile);
  try {
    return spawnDetachedCopy(marker, fd);
  } catch (error) {
    throw new DaemonkitError(`${where}: cannot start a copy of this program: ${(error as Error).message}`, { cause: error });
  } finally {
    if (fd !== undefined) fs().closeSync(fd);
  }
}

/** The program made a different call at this point than its launcher did (it branched on something that changed). */
export function roleMismatch(call: string, marker: Marker): DaemonkitError {
  const made = marker.role === 'child' ? 'background()' : 'daemon()';
  return new DaemonkitError(
    `${call} is call ${marker.generation} of this program, but its launcher made that call with ${made}: ` +
      `the program must make the same daemonkit calls in the same order in every copy.`,
  );
}
