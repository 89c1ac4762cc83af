import { fs } from '../process/builtins.js';

/** How often a followed log is looked at for new lines or a rotation. */
export const FOLLOW_POLL_MS = 200;
/** Bytes read at most from the end of a log to find its last lines. */
const MAX_TAIL_BYTES = 8 * 1024 * 1024;

/** The last `count` lines of `path` ([] when it cannot be read) and the offset just past them. */
export function lastLines(path: string, count: number): { lines: string[]; end: number; ino: number } {
  let fd: number | undefined;
  try {
    fd = fs().openSync(path, 'r');
    const { size, ino } = fs().fstatSync(fd);
    if (count === 0) return { lines: [], end: size, ino };
    let start = size;
    let text = '';
    // Read backwards in growing blocks until enough newlines are in hand (or the bound is reached).
    for (let block = 64 * 1024; start > 0 && size - start < MAX_TAIL_BYTES; block *= 2) {
      const from = Math.max(0, start - block);
      const buffer = Buffer.alloc(start - from);
      fs().readSync(fd, buffer, 0, buffer.length, from);
      text = buffer.toString('utf8') + text;
      start = from;
      if ((text.match(/\n/g)?.length ?? 0) > count) break;
    }
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    // Starting mid-file, the first piece is probably a cut line.
    if (start > 0) lines.shift();
    return { lines: lines.slice(-count), end: size, ino };
  } catch {
    return { lines: [], end: 0, ino: -1 };
  } finally {
    if (fd !== undefined) fs().closeSync(fd);
  }
}

/**
 * Sends the last `lines` lines of `path`, then, with `follow`, each line appended to it until `signal` aborts: across
 * rotations (the file renamed and recreated, or truncated), which are noticed by its inode or its size going back,
 * and read from the new file's start.
 */
export async function tailLog(path: string, lines: number, follow: boolean, send: (line: string) => void, signal: AbortSignal): Promise<void> {
  const first = lastLines(path, lines);
  for (const line of first.lines) send(line);
  if (!follow) return;
  let position = first.end;
  let ino = first.ino;
  let partial = '';
  const decoder = new (process.getBuiltinModule('node:string_decoder').StringDecoder)('utf8');
  while (!signal.aborted) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, FOLLOW_POLL_MS);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    if (signal.aborted) break;
    let stat;
    try {
      stat = fs().statSync(path);
    } catch {
      continue; // between a rename and the new file's creation
    }
    if (stat.ino !== ino || stat.size < position) {
      // Rotated: what was left unread in the old file is lost to a poll-based reader only if written after the rename.
      ino = stat.ino;
      position = 0;
      partial = '';
    }
    if (stat.size === position) continue;
    const fd = fs().openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(stat.size - position, MAX_TAIL_BYTES));
      const read = fs().readSync(fd, buffer, 0, buffer.length, position);
      position += read;
      const text = partial + decoder.write(buffer.subarray(0, read));
      const pieces = text.split('\n');
      partial = pieces.pop() ?? '';
      for (const line of pieces) send(line);
    } finally {
      fs().closeSync(fd);
    }
  }
}
