import type { CommandServiceSpec, LogFileOptions as CoreLogFileOptions } from '@daemonkit/core';

// An app's log settings as the CLI parses them (from `--log`, `--max-log-size`, ... or a config's `logs`), and the
// ONE place where they become the core's `logFile`.

/** The core's `logFile` options; the CLI parses sizes (`10MB`) into `maxBytes` before it gets here. */
export type LogFileOptions = CoreLogFileOptions;

/** The core's `logFile` for an app's log settings: a plain path stays a path (the direct mode), anything more is passed whole. */
export function toLogFile(log: string | LogFileOptions): NonNullable<CommandServiceSpec['logFile']> {
  if (typeof log === 'string') return log;
  const extras = Object.entries(log).filter(([key, value]) => key !== 'path' && value !== undefined && value !== false);
  return extras.length === 0 ? log.path : log;
}
