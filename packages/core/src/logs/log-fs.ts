import type { Stats } from 'node:fs';

type FileId = Pick<Stats, 'size' | 'ino' | 'dev'>;

/**
 * The file operations a log writer performs: the seam a test uses to inject ENOSPC and then let writes through.
 * Synchronous on purpose: a log write is a copy into the page cache, and doing it in order on the spot keeps lines
 * whole and ordered without a queue to bound.
 */
export interface LogFs {
  /** Opens `path` to append (and read back, for crash context), creating it with `mode`. */
  openAppend(path: string, mode: number): number;
  /** Opens an existing file to read. */
  openRead(path: string): number;
  write(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  read(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  close(fd: number): void;
  fstat(fd: number): FileId;
  /** Undefined when nothing is at `path`. */
  stat(path: string): FileId | undefined;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  readdir(dir: string): string[];
  /** Gzips `fd` (read from its start) into a new file `to`; calls `done` once, with the error if it failed. */
  gzip(fd: number, to: string, mode: number, done: (error?: Error) => void): void;
}

const nodeFs = () => process.getBuiltinModule('node:fs');

/** The real file system. */
export const nodeLogFs: LogFs = Object.freeze({
  openAppend: (path: string, mode: number) => nodeFs().openSync(path, 'a+', mode),
  openRead: (path: string) => nodeFs().openSync(path, 'r'),
  write: (fd: number, buffer: Uint8Array, offset: number, length: number) => nodeFs().writeSync(fd, buffer, offset, length),
  read: (fd: number, buffer: Uint8Array, offset: number, length: number, position: number) =>
    nodeFs().readSync(fd, buffer, offset, length, position),
  close: (fd: number) => nodeFs().closeSync(fd),
  fstat: (fd: number) => nodeFs().fstatSync(fd),
  stat: (path: string) => nodeFs().statSync(path, { throwIfNoEntry: false }),
  rename: (from: string, to: string) => nodeFs().renameSync(from, to),
  unlink: (path: string) => nodeFs().unlinkSync(path),
  readdir: (dir: string) => nodeFs().readdirSync(dir),
  gzip(fd: number, to: string, mode: number, done: (error?: Error) => void) {
    const fs = nodeFs();
    const zlib = process.getBuiltinModule('node:zlib');
    const { pipeline } = process.getBuiltinModule('node:stream');
    const source = fs.createReadStream('', { fd, start: 0, autoClose: false });
    const target = fs.createWriteStream(to, { mode, flags: 'wx' });
    // zlib's default level: several times smaller files for text logs, in the background.
    pipeline(source, zlib.createGzip(), target, (error) => done(error ?? undefined));
  },
});
