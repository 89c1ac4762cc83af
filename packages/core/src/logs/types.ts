/**
 * Where a child's output goes: `logFile: 'app.log'` or `logFile: { path: 'app.log', maxBytes: 10 * 2 ** 20 }`.
 * Without `maxBytes` and `timestamps` the child writes to the file itself (the direct mode); with either, its output
 * passes through the supervisor, which rotates, stamps, and keeps nothing but a small tail in memory.
 */
export interface LogFileOptions {
  /** The file stdout (and stderr, without `stderrFile`) is appended to, created with mode 0640. Required. */
  readonly path: string;
  /** Rotate before a write would take the file past this many bytes. Default: never rotate. */
  readonly maxBytes?: number;
  /** How many rotated files to keep (`app.log.1` ... `app.log.<maxFiles>`); older ones are deleted. Default 10. */
  readonly maxFiles?: number;
  /** Gzip rotated files in the background (`app.log.2.gz` ...; the newest, `app.log.1`, stays plain). Default false. */
  readonly compress?: boolean;
  /** Write stderr to this file instead, with the same rotation. Default: stderr goes to `path` too. */
  readonly stderrFile?: string;
  /** Prefix every line with its ISO time of arrival (`2026-12-01T17:00:00.000Z `), as pm2's `--time`. Default false. */
  readonly timestamps?: boolean;
}

/** A log file's options with defaults filled in. `piped`: output passes through the supervisor. */
export interface ResolvedLogFile {
  readonly path: string;
  readonly maxBytes: number | undefined;
  readonly maxFiles: number;
  readonly compress: boolean;
  readonly stderrFile: string | undefined;
  readonly timestamps: boolean;
  readonly piped: boolean;
}

/** Default number of rotated files kept (supervisord's `logfile_backups` default is 10 too). */
export const DEFAULT_LOG_MAX_FILES = 10;

/** `log-error`: writing to a log failed (output is dropped and counted), or, with `resumed`, works again. */
export interface LogErrorEvent {
  /** The file that could not be written. */
  readonly path: string;
  /** The error code: `ENOSPC` (disk full), `EDQUOT`, `EIO`, `EACCES` (on reopening) ... */
  readonly code: string;
  readonly message: string;
  /** Bytes of output dropped so far in this episode (since writing last worked). */
  readonly droppedBytes: number;
  /** Lines of output dropped so far in this episode (a line cut by the failure counts as dropped). */
  readonly droppedLines: number;
  /**
   * False when the failure begins (one event per episode, not one per write); true once a write succeeds again, with
   * the episode's totals (a notice line saying the same was written into the file first).
   */
  readonly resumed: boolean;
}

/** Fills in a log file's defaults; options are checked before (supervisor/options.ts). */
export function resolveLogFile(logFile: string | LogFileOptions): ResolvedLogFile {
  const o = typeof logFile === 'string' ? { path: logFile } : logFile;
  const timestamps = o.timestamps ?? false;
  return Object.freeze({
    path: o.path,
    maxBytes: o.maxBytes,
    maxFiles: o.maxFiles ?? DEFAULT_LOG_MAX_FILES,
    compress: o.compress ?? false,
    stderrFile: o.stderrFile,
    timestamps,
    piped: o.maxBytes !== undefined || timestamps,
  });
}
