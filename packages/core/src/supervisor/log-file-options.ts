import { InvalidOptionsError } from '../errors.js';
import type { LogFileOptions } from '../logs/types.js';
import { describeValue } from '../options/describe-value.js';

const KEYS = ['path', 'maxBytes', 'maxFiles', 'compress', 'stderrFile', 'timestamps'] as const;

// Peers' names for the same settings: pm2-logrotate (max_size, retain), supervisord (logfile_maxbytes,
// logfile_backups, redirect_stderr), rotating-file-stream (size, maxFiles), pm2's --time.
const RENAMED: Readonly<Record<string, string>> = {
  file: 'path',
  filename: 'path',
  max_size: 'maxBytes',
  maxSize: 'maxBytes',
  size: 'maxBytes',
  logfile_maxbytes: 'maxBytes',
  retain: 'maxFiles',
  logfile_backups: 'maxFiles',
  backups: 'maxFiles',
  keep: 'maxFiles',
  gzip: 'compress',
  errorFile: 'stderrFile',
  error_file: 'stderrFile',
  stderr_logfile: 'stderrFile',
  time: 'timestamps',
  timestamp: 'timestamps',
};

/**
 * Checks `logFile` (a path, or `LogFileOptions`), throwing an InvalidOptionsError that names the field and the value:
 * "expected `logFile.maxBytes` to be a positive integer number of bytes, got `-1` (number)".
 */
export function checkLogFile(where: string, logFile: string | LogFileOptions, name = 'logFile'): void {
  const bad = (field: string, expected: string, value: unknown): never => {
    throw new InvalidOptionsError(`${where}: expected \`${field}\` to be ${expected}, got ${describeValue(value)}`, field);
  };
  if (typeof logFile === 'string') {
    if (logFile.length === 0) bad(name, 'a non-empty string', logFile);
    return;
  }
  for (const key of Object.keys(logFile)) {
    if ((KEYS as readonly string[]).includes(key)) continue;
    const instead = Object.hasOwn(RENAMED, key) ? RENAMED[key] : undefined;
    const message = instead ? `option \`${name}.${key}\` is named \`${name}.${instead}\`` : `unknown option \`${name}.${key}\` (known: ${KEYS.join(', ')})`;
    throw new InvalidOptionsError(`${where}: ${message}`, `${name}.${key}`);
  }
  const { path, maxBytes, maxFiles, compress, stderrFile, timestamps } = logFile;
  if (typeof path !== 'string' || path.length === 0) bad(`${name}.path`, 'a non-empty string', path);
  if (maxBytes !== undefined && !(typeof maxBytes === 'number' && Number.isSafeInteger(maxBytes) && maxBytes > 0)) {
    bad(`${name}.maxBytes`, 'a positive integer number of bytes', maxBytes);
  }
  if (maxFiles !== undefined && !(typeof maxFiles === 'number' && Number.isSafeInteger(maxFiles) && maxFiles >= 0)) {
    bad(`${name}.maxFiles`, 'a non-negative integer', maxFiles);
  }
  if (compress !== undefined && typeof compress !== 'boolean') bad(`${name}.compress`, 'a boolean', compress);
  if (timestamps !== undefined && typeof timestamps !== 'boolean') bad(`${name}.timestamps`, 'a boolean', timestamps);
  if (stderrFile !== undefined && (typeof stderrFile !== 'string' || stderrFile.length === 0)) bad(`${name}.stderrFile`, 'a non-empty string', stderrFile);
  if (stderrFile !== undefined && stderrFile === path) {
    throw new InvalidOptionsError(`${where}: \`${name}.stderrFile\` is \`${name}.path\` (${JSON.stringify(path)}): leave it out to write both streams there`, `${name}.stderrFile`);
  }
  for (const field of ['maxFiles', 'compress'] as const) {
    if (logFile[field] !== undefined && maxBytes === undefined) {
      throw new InvalidOptionsError(`${where}: \`${name}.${field}\` applies to rotated files, and \`${name}.maxBytes\` (when to rotate) is not set`, `${name}.${field}`);
    }
  }
}
