import type { CommandServiceSpec } from '@daemonkit/core';
import { UsageError } from '../errors.js';

// An app's log settings as the CLI parses them (from `--log`, `--max-log-size`, ... or a config's `logs`), and the
// ONE place where they become the core's `logFile`.

/** The log settings of the Logs issue (11): rotation is parsed and checked now, passed on once the core takes it. */
export interface LogFileOptions {
  readonly path: string;
  readonly maxBytes?: number;
  readonly maxFiles?: number;
  readonly compress?: boolean;
  readonly stderrFile?: string;
  readonly timestamps?: boolean;
}

export type LogField = Exclude<keyof LogFileOptions, 'path'>;

/** The fields the core's `logFile` does not take yet. */
const NOT_YET: readonly LogField[] = ['maxBytes', 'maxFiles', 'compress', 'stderrFile', 'timestamps'];

/**
 * The core's `logFile` for an app's log settings. `nameOf` names a field for the message (`--max-log-size`,
 * `apps.web.logs.maxSize`).
 *
 * TODO(logs, issue 11): the core's CommandServiceSpec.logFile is a path only today. When it accepts
 * `LogFileOptions { path, maxBytes?, maxFiles?, compress?, stderrFile?, timestamps? }`, return `log` itself here
 * (whole) and drop the NOT_YET check: nothing else in the CLI changes.
 */
export function toLogFile(log: string | LogFileOptions, nameOf: (field: LogField) => string): NonNullable<CommandServiceSpec['logFile']> {
  if (typeof log === 'string') return log;
  const given = NOT_YET.find((field) => log[field] !== undefined && log[field] !== false);
  if (given !== undefined) {
    throw new UsageError(`${nameOf(given)}: log rotation and these log settings are not supported by this version of the core yet; give only the log file for now`);
  }
  return log.path;
}
