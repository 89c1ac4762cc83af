import { fs } from './builtins.js';

/** Bytes read at most from the end of a log to find its last lines. */
const TAIL_BYTES = 64 * 1024;

/**
 * The last `count` lines written to `path` since byte `fromOffset` (where the run started writing), reading at most
 * the final 64 KiB: a crash report never loads the whole log. Empty when the file cannot be read.
 */
export function readLastLines(path: string, fromOffset: number, count: number): string[] {
  if (count <= 0) return [];
  let fd: number | undefined;
  try {
    fd = fs().openSync(path, 'r');
    const size = fs().fstatSync(fd).size;
    const start = Math.max(fromOffset, size - TAIL_BYTES, 0);
    const buffer = Buffer.alloc(size - start);
    const read = fs().readSync(fd, buffer, 0, buffer.length, start);
    let text = buffer.toString('utf8', 0, read);
    // Starting mid-file, the first line is probably cut: drop it unless it begins exactly at the run's start.
    if (start > fromOffset) text = text.slice(text.indexOf('\n') + 1);
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-count).map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  } catch {
    return [];
  } finally {
    if (fd !== undefined) fs().closeSync(fd);
  }
}

/** The current size of an open file: where the next appended byte goes. */
export function sizeOf(fd: number): number {
  try {
    return fs().fstatSync(fd).size;
  } catch {
    return 0;
  }
}
