import type { ExitOutcome } from './types.js';

/**
 * Spawn errors that do not fix themselves: the same command with the same options fails the same way until someone
 * changes the file system or the options, so retrying it forever only fills the logs.
 *
 * - `ENOENT`: the command, its interpreter (a `#!` line) or the working directory does not exist.
 * - `EACCES`: no permission to execute it or to enter the directory (also a directory given as the command, or a
 *   file on a `noexec` mount).
 * - `ENOEXEC`: not an executable format (e.g. a script without a `#!` line).
 * - `ENOTDIR`: a component of the path is not a directory.
 * - `EISDIR`: a directory where a file is needed.
 * - `ELOOP`: too many symbolic links in the path.
 * - `ENAMETOOLONG`: the path is too long.
 * - `EPERM`: not permitted, e.g. a user or group change without the privilege.
 * - `E2BIG`: the arguments and environment are too large to exec; they are the same next time.
 *
 * Not listed, so retried as usual: `EAGAIN` (a process limit), `EMFILE` and `ENFILE` (descriptor limits), `ENOMEM`,
 * `ETXTBSY` (the binary is being written) and anything else, which may pass.
 */
export const PERMANENT_SPAWN_ERRORS: readonly string[] = Object.freeze([
  'ENOENT',
  'EACCES',
  'ENOEXEC',
  'ENOTDIR',
  'EISDIR',
  'ELOOP',
  'ENAMETOOLONG',
  'EPERM',
  'E2BIG',
]);

/**
 * restartPolicy()'s default `maxSpawnFailures`: the third permanent spawn failure in a row gives up. More than one,
 * so that a command caught mid-deploy (a binary being replaced) gets a second and a third try after the backoff.
 */
export const DEFAULT_MAX_SPAWN_FAILURES = 3;

/** Whether a run could not be spawned for a reason in PERMANENT_SPAWN_ERRORS. */
export function isPermanentSpawnFailure(outcome: ExitOutcome): outcome is Extract<ExitOutcome, { kind: 'spawn-failed' }> {
  return outcome.kind === 'spawn-failed' && PERMANENT_SPAWN_ERRORS.includes(outcome.code);
}
