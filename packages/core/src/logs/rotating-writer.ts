import { DaemonkitError } from '../errors.js';
import type { LogFs } from './log-fs.js';
import { lossNotice, parseRotatedName, planRotation, rotatedName, shouldRotate, type RotatedFile } from './rotation.js';
import type { LogErrorEvent } from './types.js';

/** Log files are readable by the owner's group only (as process/log-file.ts; xdaemon creates them 0666). */
export const LOG_MODE = 0o640;

/** How often, at most, a write checks that the path still names the open file (deleted or renamed underneath). */
export const PATH_CHECK_MS = 1000;

export interface RotatingWriterOptions {
  readonly maxBytes: number | undefined;
  readonly maxFiles: number;
  readonly compress: boolean;
}

interface Failure {
  code: string;
  message: string;
  since: number;
  bytes: number;
  lines: number;
}

/** A gzip of rotated file `index`, queued or running; shifted with its file, cancelled when its file is deleted. */
interface Job {
  index: number;
  cancelled: boolean;
}

const path = () => process.getBuiltinModule('node:path');

/**
 * Appends whole lines to a log file by path and rotates it (rotation.ts decides, this carries out). Writes are
 * synchronous and in order. A write that fails (ENOSPC, EDQUOT, EIO) is dropped and counted, never retried: the next
 * write tries again, so a full disk costs one failed call per chunk of output, and writing resumes by itself.
 */
export class RotatingWriter {
  #fd: number | undefined;
  #id: { ino: number; dev: number } | undefined;
  #size = 0;
  #checkedAt = Number.NEGATIVE_INFINITY;
  #endsMidLine = false;
  #rotateFrom = 0;
  #failure: Failure | undefined;
  #closed = false;
  readonly #jobs: Job[] = [];
  #running = false;
  #idle: Array<() => void> = [];
  #tmpSeq = 0;
  readonly #listeners = new Set<(event: LogErrorEvent) => void>();

  constructor(
    readonly path: string,
    readonly options: RotatingWriterOptions,
    private readonly fs: LogFs,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens the file, throwing a DaemonkitError naming it when it cannot: a start fails at once on a bad path. */
  open(): void {
    this.#closed = false;
    if (this.#fd !== undefined) return;
    try {
      this.#openFile();
    } catch (error) {
      throw new DaemonkitError(`Cannot open logFile ${JSON.stringify(this.path)}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Told of every `log-error`: when writing fails, and when it works again. */
  subscribe(listener: (event: LogErrorEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Appends `data`, which holds whole lines. Rotates first when it would pass `maxBytes`. Never throws. */
  write(data: Uint8Array): void {
    if (this.#closed || data.length === 0) return;
    const now = this.now();
    if (this.#fd === undefined || now - this.#checkedAt >= PATH_CHECK_MS) {
      this.#checkedAt = now;
      this.#checkPath();
    }
    if (this.#fd !== undefined && this.#size >= this.#rotateFrom && shouldRotate(this.#size, data.length, this.options.maxBytes)) this.#rotate();
    if (this.#fd === undefined) return this.#drop(data, 0, this.#failure ?? failureOf(new Error('not open'), now));
    if (this.#failure && !this.#writeNotice(now)) return this.#drop(data, 0, this.#failure);
    this.#writeAll(data);
  }

  /**
   * Closes the file and opens it again by path, creating it (mode 0640) if it is gone: after `logrotate` renamed it,
   * or after a disk was cleaned. A failure to open is reported as `log-error`; the next write tries again.
   */
  reopen(): void {
    if (this.#closed) return;
    this.#closeFile();
    try {
      this.#openFile();
    } catch (error) {
      this.#fail(error, 0, 0);
    }
  }

  /** Closes the file; rotated files still being compressed finish in the background (see `idle()`). */
  close(): void {
    this.#closed = true;
    this.#closeFile();
  }

  /** Resolves once no compression is queued or running. */
  idle(): Promise<void> {
    if (!this.#running && this.#jobs.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  get busy(): boolean {
    return this.#running || this.#jobs.length > 0;
  }

  // --- the file ---------------------------------------------------------------------------------------------------

  #openFile(): void {
    const fd = this.fs.openAppend(this.path, LOG_MODE);
    const stat = this.fs.fstat(fd);
    this.#fd = fd;
    this.#id = { ino: stat.ino, dev: stat.dev };
    this.#size = stat.size;
    this.#rotateFrom = 0;
    this.#endsMidLine = stat.size > 0 && this.#lastByte(fd, stat.size) !== 10;
  }

  #lastByte(fd: number, size: number): number | undefined {
    try {
      const one = new Uint8Array(1);
      return this.fs.read(fd, one, 0, 1, size - 1) === 1 ? one[0] : undefined;
    } catch {
      return undefined;
    }
  }

  #closeFile(): void {
    const fd = this.#fd;
    this.#fd = undefined;
    this.#id = undefined;
    if (fd === undefined) return;
    try {
      this.fs.close(fd);
    } catch {
      // Already closed.
    }
  }

  /** Reopens when the path no longer names the open file (deleted, or renamed by an outside rotation) or none is open. */
  #checkPath(): void {
    let stat;
    try {
      stat = this.fs.stat(this.path);
    } catch {
      stat = undefined;
    }
    const id = this.#id;
    if (this.#fd !== undefined && stat && id && stat.ino === id.ino && stat.dev === id.dev) return;
    this.#closeFile();
    try {
      this.#openFile();
    } catch (error) {
      this.#fail(error, 0, 0);
    }
  }

  /** Writes all of `data`, or counts what it could not write as dropped. */
  #writeAll(data: Uint8Array): void {
    let offset = 0;
    try {
      while (offset < data.length) offset += this.fs.write(this.#fd!, data, offset, data.length - offset);
    } catch (error) {
      this.#size += offset;
      if (offset > 0) this.#endsMidLine = data[offset - 1] !== 10;
      this.#drop(data, offset, failureOf(error, this.now()));
      return;
    }
    this.#size += data.length;
    this.#endsMidLine = data[data.length - 1] !== 10;
  }

  /** After a failure: the line saying what was lost, then the `resumed` event. False when even that cannot be written. */
  #writeNotice(now: number): boolean {
    const f = this.#failure!;
    const text = `${this.#endsMidLine ? '\n' : ''}${lossNotice(new Date(now).toISOString(), f.lines, f.bytes, f.code, new Date(f.since).toISOString())}`;
    const notice = Buffer.from(text);
    let offset = 0;
    try {
      while (offset < notice.length) offset += this.fs.write(this.#fd!, notice, offset, notice.length - offset);
    } catch {
      this.#size += offset;
      if (offset > 0) this.#endsMidLine = true;
      return false;
    }
    this.#size += notice.length;
    this.#endsMidLine = false;
    this.#failure = undefined;
    this.#emit({ path: this.path, code: f.code, message: f.message, droppedBytes: f.bytes, droppedLines: f.lines, resumed: true });
    return true;
  }

  /** Counts `data` from `offset` as dropped; the first drop of an episode is reported. */
  #drop(data: Uint8Array, offset: number, failure: Failure): void {
    this.#fail(failure, data.length - offset, countLines(data, offset));
  }

  #fail(cause: unknown, bytes: number, lines: number): void {
    const failure = isFailure(cause) ? cause : failureOf(cause, this.now());
    const current = this.#failure;
    if (current) {
      current.bytes += bytes;
      current.lines += lines;
      return;
    }
    this.#failure = { ...failure, bytes, lines };
    this.#emit({ path: this.path, code: failure.code, message: failure.message, droppedBytes: bytes, droppedLines: lines, resumed: false });
  }

  #emit(event: LogErrorEvent): void {
    const frozen = Object.freeze(event);
    for (const listener of this.#listeners) listener(frozen);
  }

  // --- rotation ---------------------------------------------------------------------------------------------------

  #rotate(): void {
    const { dirname, basename } = path();
    const dir = dirname(this.path);
    const base = basename(this.path);
    const name = (file: RotatedFile) => rotatedName(this.path, file);
    try {
      const existing = this.fs.readdir(dir).flatMap((entry) => parseRotatedName(base, entry) ?? []);
      const plan = planRotation(existing, this.options.maxFiles, this.options.compress);
      for (const step of plan.steps) {
        if (step.op === 'delete') {
          unlinkQuietly(this.fs, name(step.file));
          if (!step.file.compressed) for (const job of this.#jobs) if (job.index === step.file.index) job.cancelled = true;
        } else if (step.op === 'rename') {
          this.fs.rename(name(step.from), name(step.to));
          if (!step.from.compressed) for (const job of this.#jobs) if (job.index === step.from.index && !job.cancelled) job.index = step.to.index;
        } else if (step.to) {
          this.fs.rename(this.path, name(step.to));
        } else {
          unlinkQuietly(this.fs, this.path);
        }
      }
      this.#closeFile();
      this.#openFile();
      for (const file of plan.compress) if (!this.#jobs.some((job) => job.index === file.index && !job.cancelled)) this.#jobs.push({ index: file.index, cancelled: false });
      this.#pump();
    } catch (error) {
      // Could not rotate (a folder we may not write): keep appending to the file we have, nothing is lost, and try
      // again once it has grown by maxBytes more. Reported with nothing dropped.
      this.#rotateFrom = this.#size + (this.options.maxBytes ?? 0);
      const f = failureOf(error, this.now());
      this.#emit({ path: this.path, code: f.code, message: `cannot rotate: ${f.message}`, droppedBytes: 0, droppedLines: 0, resumed: false });
      if (this.#fd === undefined) this.#checkPath();
    }
  }

  /** Runs the next gzip, one at a time: rotated names never move under a finished one (it is renamed in one step). */
  #pump(): void {
    if (this.#running) return;
    const job = this.#jobs[0];
    if (!job) {
      for (const resolve of this.#idle.splice(0)) resolve();
      return;
    }
    const { dirname, basename, join } = path();
    const tmp = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.${++this.#tmpSeq}.gz.tmp`);
    let fd: number;
    try {
      fd = this.fs.openRead(rotatedName(this.path, { index: job.index, compressed: false }));
    } catch {
      this.#jobs.shift();
      this.#pump();
      return;
    }
    this.#running = true;
    this.fs.gzip(fd, tmp, LOG_MODE, (error) => {
      try {
        this.fs.close(fd);
      } catch {
        // Closed already.
      }
      this.#jobs.shift();
      this.#running = false;
      if (error || job.cancelled) unlinkQuietly(this.fs, tmp);
      else {
        try {
          this.fs.rename(tmp, rotatedName(this.path, { index: job.index, compressed: true }));
          unlinkQuietly(this.fs, rotatedName(this.path, { index: job.index, compressed: false }));
        } catch {
          unlinkQuietly(this.fs, tmp);
        }
      }
      this.#pump();
    });
  }
}

function unlinkQuietly(fs: LogFs, file: string): void {
  try {
    fs.unlink(file);
  } catch {
    // Gone already.
  }
}

const FAILURE = Symbol('failure');

function failureOf(error: unknown, since: number): Failure {
  const e = error as NodeJS.ErrnoException;
  return Object.assign({ code: e?.code ?? 'EIO', message: e?.message ?? String(error), since, bytes: 0, lines: 0 }, { [FAILURE]: true });
}

function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && FAILURE in value;
}

/** Lines in `data` from `offset`: its newlines, plus a last line without one. */
function countLines(data: Uint8Array, offset: number): number {
  let lines = 0;
  for (let i = data.indexOf(10, offset); i !== -1; i = data.indexOf(10, i + 1)) lines++;
  return data.length > offset && data[data.length - 1] !== 10 ? lines + 1 : lines;
}
