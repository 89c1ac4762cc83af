import { DaemonkitError } from '../errors.js';
import type { LogFs } from './log-fs.js';
import { RotatingWriter, type RotatingWriterOptions } from './rotating-writer.js';

interface Entry {
  readonly writer: RotatingWriter;
  readonly key: string;
  refs: number;
}

// One writer per file in this process: replicas of a tree child (`web#0`, `web#1`) share their log, and two writers
// rotating one file would rename it under each other.
const writers = new Map<string, Entry>();

/**
 * The writer of the log at `path`, opened (throwing at once when it cannot be), shared with every other holder in
 * this process; release it with `releaseWriter()`. Holders must agree on the rotation options.
 */
export function acquireWriter(path: string, options: RotatingWriterOptions, fs: LogFs): RotatingWriter {
  const absolute = process.getBuiltinModule('node:path').resolve(path);
  const key = JSON.stringify([options.maxBytes, options.maxFiles, options.compress]);
  let entry = writers.get(absolute);
  if (entry && entry.key !== key) {
    throw new DaemonkitError(
      `logFile ${JSON.stringify(path)} is already written by another supervisor in this process with other rotation options ` +
        `(maxBytes, maxFiles, compress): give both the same options, or each its own file`,
    );
  }
  if (!entry) {
    entry = { writer: new RotatingWriter(path, options, fs), key, refs: 0 };
    writers.set(absolute, entry);
  }
  try {
    entry.writer.open();
  } catch (error) {
    if (entry.refs === 0 && !entry.writer.busy) writers.delete(absolute);
    throw error;
  }
  entry.refs++;
  return entry.writer;
}

/** Lets go of a writer; the last holder closes it. Resolves once its background compression is finished. */
export function releaseWriter(writer: RotatingWriter): Promise<void> {
  const absolute = process.getBuiltinModule('node:path').resolve(writer.path);
  const entry = writers.get(absolute);
  if (!entry || entry.writer !== writer) return writer.idle();
  entry.refs--;
  if (entry.refs > 0) return Promise.resolve();
  writer.close();
  return writer.idle().then(() => {
    if (entry.refs === 0 && writers.get(absolute) === entry) writers.delete(absolute);
  });
}
