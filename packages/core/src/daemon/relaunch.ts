import type { ChildProcess } from 'node:child_process';
import { childProcess } from '../process/builtins.js';
import { childEnv } from '../process/child-env.js';
import { formatMarker, MARKER_ENV, type Marker } from './marker.js';

/**
 * The command line that runs this same program again: the same node, the same node flags (`--import tsx`,
 * `--enable-source-maps` ...) and the same script arguments, untouched (xdaemon keeps them too; other libraries
 * add a flag, which can clash with the program's own).
 */
export function relaunchCommand(): { command: string; args: string[] } {
  return { command: process.execPath, args: [...process.execArgv, ...process.argv.slice(1)] };
}

/** This process's environment plus the marker for the copy. */
export function envWithMarker(marker: Marker): Record<string, string> {
  return childEnv({ [MARKER_ENV]: formatMarker(marker) });
}

/**
 * Starts a detached copy of this program (own session, stdin ignored, output to `outputFd` or discarded) and lets
 * this process exit without waiting for it. Returns its pid; throws the spawn error when it could not start.
 */
export function spawnDetachedCopy(marker: Marker, outputFd: number | undefined): number {
  const { command, args } = relaunchCommand();
  const output = outputFd ?? 'ignore';
  const child: ChildProcess = childProcess().spawn(command, args, {
    env: envWithMarker(marker),
    stdio: ['ignore', output, output],
    detached: true,
    windowsHide: true,
  });
  if (child.pid === undefined) {
    // Node reports the reason on the 'error' event; the caller throws its own clear error synchronously.
    child.once('error', () => {});
    throw new Error(`cannot start ${command}`);
  }
  child.unref();
  return child.pid;
}
