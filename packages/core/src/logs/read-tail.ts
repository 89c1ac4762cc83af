import { nodeLogFs, type LogFs } from './log-fs.js';
import { splitLines } from './line-framer.js';
import { parseRotatedName, rotatedName } from './rotation.js';

const BLOCK = 64 * 1024;

// The daemon guard's own lifecycle lines (daemon/lifecycle-log.ts) share a direct-mode log file with its worker:
// `2026-11-27T21:10:00.123Z daemonkit guard[4321]: exit ...`. They are not the worker's output.
const GUARD_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z daemonkit guard\[\d+\]: /;

/** Whether `line` is one of the daemon guard's lifecycle lines rather than output of a child. */
export function isGuardLine(line: string): boolean {
  return GUARD_LINE.test(line);
}

/**
 * The last `count` lines of an open file between byte `from` and its end, read backwards a block at a time (never
 * the whole file), minus the lines `skip` rejects. Through the descriptor, so a rename or rotation of the path does
 * not matter. Empty when it cannot be read.
 */
export function readLastLinesOf(fs: LogFs, fd: number, from: number, count: number, skip?: (line: string) => boolean): string[] {
  if (count <= 0) return [];
  try {
    const size = fs.fstat(fd).size;
    let start = size;
    let lines: string[] = [];
    while (start > from) {
      start = Math.max(from, start - BLOCK);
      const buffer = Buffer.allocUnsafe(size - start);
      const read = fs.read(fd, buffer, 0, buffer.length, start);
      lines = splitLines(buffer.toString('utf8', 0, read));
      // Starting mid-file, the first piece is probably a cut line.
      if (start > from) lines.shift();
      if (skip) lines = lines.filter((line) => !skip(line));
      if (lines.length >= count || size - start >= 16 * BLOCK) break;
    }
    return lines.slice(-count);
  } catch {
    return [];
  }
}

/**
 * The last `lines` lines of the log at `path`, continuing into its rotated files (`path.1`, `path.2.gz`, ...) when
 * the current one holds fewer: what `tail -n` would show had the log never been rotated. A missing file is empty.
 *
 * @example
 * for (const line of readLogTail('/var/log/app.log', 50)) console.log(line);
 */
export function readLogTail(path: string, lines: number, fs: LogFs = nodeLogFs): string[] {
  const out: string[] = [];
  const files = [path, ...rotatedFiles(fs, path)];
  for (const file of files) {
    if (out.length >= lines) break;
    const need = lines - out.length;
    out.unshift(...(file.endsWith('.gz') ? lastOfGzip(fs, file, need) : lastOfFile(fs, file, need)));
  }
  return out;
}

function rotatedFiles(fs: LogFs, path: string): string[] {
  const { dirname, basename } = process.getBuiltinModule('node:path');
  try {
    const base = basename(path);
    return fs
      .readdir(dirname(path))
      .flatMap((entry) => parseRotatedName(base, entry) ?? [])
      .sort((a, b) => a.index - b.index || Number(a.compressed) - Number(b.compressed))
      .map((file) => rotatedName(path, file));
  } catch {
    return [];
  }
}

function lastOfFile(fs: LogFs, file: string, count: number): string[] {
  let fd: number | undefined;
  try {
    fd = fs.openRead(file);
    return readLastLinesOf(fs, fd, 0, count);
  } catch {
    return [];
  } finally {
    if (fd !== undefined) fs.close(fd);
  }
}

function lastOfGzip(fs: LogFs, file: string, count: number): string[] {
  try {
    const nodeFs = process.getBuiltinModule('node:fs');
    const text = process.getBuiltinModule('node:zlib').gunzipSync(nodeFs.readFileSync(file)).toString('utf8');
    return splitLines(text).slice(-count);
  } catch {
    return [];
  }
}

export interface FollowLogOptions {
  /** Start with the last this many lines already in the file (from the same read, so none is missed). Default 0. */
  readonly lines?: number;
  /** How often to look for new output and for a rotation, in ms. Default 250. */
  readonly intervalMs?: number;
}

/**
 * Calls `onLine` with every line appended to the log at `path` from now on, as `tail -F` does: when the file is
 * rotated or renamed, the rest of the old file is read to its end and the new file from its start; a truncated file
 * (logrotate's `copytruncate`) is read again from its start once it is seen smaller than where reading was (as
 * `tail -F`: one truncated and refilled past that point between two looks goes unnoticed); a missing file is waited
 * for. Ends when `signal` aborts.
 *
 * @example
 * const controller = new AbortController();
 * await followLog('/var/log/app.log', (line) => console.log(line), controller.signal, { lines: 10 });
 */
export function followLog(
  path: string,
  onLine: (line: string) => void,
  signal: AbortSignal,
  options: FollowLogOptions = {},
): Promise<void> {
  const fs = nodeLogFs;
  const intervalMs = options.intervalMs ?? 250;
  let fd: number | undefined;
  let ino: number | undefined;
  let position = 0;
  let pending = '';
  const decoder = new (process.getBuiltinModule('node:string_decoder').StringDecoder)('utf8');
  const buffer = Buffer.allocUnsafe(BLOCK);

  const emit = (text: string) => {
    const parts = (pending + text).split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  };
  const drain = () => {
    if (fd === undefined) return;
    const size = fs.fstat(fd).size;
    if (size < position) position = 0; // truncated in place
    for (let read = 1; read > 0 && position < size; position += read) {
      read = fs.read(fd, buffer, 0, Math.min(BLOCK, size - position), position);
      emit(decoder.write(buffer.subarray(0, read)));
    }
  };
  const open = (first: boolean) => {
    try {
      fd = fs.openRead(path);
    } catch {
      fd = undefined;
      return;
    }
    const stat = fs.fstat(fd);
    ino = stat.ino;
    position = first ? stat.size : 0;
    if (first && options.lines) for (const line of readLastLinesOf(fs, fd, 0, options.lines)) onLine(line);
  };
  const close = () => {
    if (fd !== undefined) fs.close(fd);
    fd = undefined;
  };
  const poll = () => {
    try {
      drain();
      const now = fs.stat(path);
      if (fd === undefined || (now && now.ino !== ino)) {
        if (fd !== undefined) {
          drain();
          close();
        }
        open(false);
        drain();
      }
    } catch {
      // A file that vanished between two calls: the next poll sees what is there.
    }
  };

  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    open(true);
    const timer = setInterval(poll, intervalMs);
    signal.addEventListener(
      'abort',
      () => {
        clearInterval(timer);
        try {
          drain();
        } catch {
          // Nothing more to read.
        }
        close();
        resolve();
      },
      { once: true },
    );
  });
}
