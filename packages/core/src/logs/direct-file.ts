import { DaemonkitError } from '../errors.js';
import type { LogFs } from './log-fs.js';
import { LOG_MODE } from './rotating-writer.js';

/** An open descriptor of a direct-mode log, held by the runs that were given it (and by the file while current). */
export interface FdRef {
  readonly fd: number;
  users: number;
  retired: boolean;
}

/**
 * A log the child writes itself (the direct mode): each run gets the descriptor open at its spawn. Before a spawn the
 * path is checked, so a file deleted or renamed underneath is recreated for the next run; `reopen()` does the same at
 * once. A descriptor is closed once no run that was given it is left.
 */
export class DirectFile {
  #current: FdRef | undefined;

  constructor(
    readonly path: string,
    private readonly fs: LogFs,
  ) {}

  /** Opens the file, throwing a DaemonkitError naming it when it cannot. */
  open(): void {
    if (this.#current) return;
    try {
      this.#current = { fd: this.fs.openAppend(this.path, LOG_MODE), users: 0, retired: false };
    } catch (error) {
      throw new DaemonkitError(`Cannot open logFile ${JSON.stringify(this.path)}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The descriptor for a new run (released with `release()`), reopened first if the path no longer names it. */
  acquire(): FdRef | undefined {
    if (!this.#current || !this.#isCurrent(this.#current.fd)) {
      try {
        this.reopen();
      } catch {
        // Cannot recreate it now (a full disk, a folder gone): this run writes where the last one did, if anywhere.
      }
    }
    const ref = this.#current;
    if (ref) ref.users++;
    return ref;
  }

  release(ref: FdRef): void {
    ref.users--;
    this.#closeIfDone(ref);
  }

  /** Opens the path again (creating it); runs already going keep the descriptor they were given. Throws if it cannot. */
  reopen(): void {
    const fd = this.fs.openAppend(this.path, LOG_MODE);
    this.#retire();
    this.#current = { fd, users: 0, retired: false };
  }

  close(): void {
    this.#retire();
  }

  #isCurrent(fd: number): boolean {
    try {
      const at = this.fs.stat(this.path);
      const open = this.fs.fstat(fd);
      return at !== undefined && at.ino === open.ino && at.dev === open.dev;
    } catch {
      return false;
    }
  }

  #retire(): void {
    const ref = this.#current;
    this.#current = undefined;
    if (!ref) return;
    ref.retired = true;
    this.#closeIfDone(ref);
  }

  #closeIfDone(ref: FdRef): void {
    if (!ref.retired || ref.users > 0) return;
    try {
      this.fs.close(ref.fd);
    } catch {
      // Closed already.
    }
  }
}
