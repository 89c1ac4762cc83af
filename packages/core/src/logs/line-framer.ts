const NL = 10;

/** A partial line longer than this is written as it is (with a newline), rather than held without bound. */
export const MAX_PENDING_LINE_BYTES = 1024 * 1024;

/**
 * Cuts a stream of output chunks at line ends: `onLines` gets whole lines only (a chunk up to its last newline,
 * uncopied, so a 64 KiB chunk costs one search; a line completing one that waited comes first, on its own), and a
 * partial last line waits for the chunk that ends it. `end()`
 * hands over what is left, with a newline added: a child that dies mid-line still has its line, whole, in the file.
 */
export class LineFramer {
  #pending: Buffer | undefined;

  constructor(private readonly onLines: (lines: Buffer) => void) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    const last = chunk.lastIndexOf(NL);
    if (last === -1) {
      this.#pending = this.#pending ? Buffer.concat([this.#pending, chunk]) : Buffer.from(chunk);
      if (this.#pending.length >= MAX_PENDING_LINE_BYTES) this.end();
      return;
    }
    let start = 0;
    if (this.#pending) {
      // The line that was waiting, completed: a small copy; the rest of the chunk goes on uncopied.
      const first = chunk.indexOf(NL);
      this.onLines(Buffer.concat([this.#pending, chunk.subarray(0, first + 1)]));
      start = first + 1;
    }
    // Copied: a few bytes kept must not keep the whole chunk alive.
    this.#pending = last + 1 < chunk.length ? Buffer.from(chunk.subarray(last + 1)) : undefined;
    if (start <= last) this.onLines(start === 0 && last + 1 === chunk.length ? chunk : chunk.subarray(start, last + 1));
  }

  /** Hands over a partial last line, newline added; true if there was one. */
  end(): boolean {
    const pending = this.#pending;
    this.#pending = undefined;
    if (!pending) return false;
    this.onLines(Buffer.concat([pending, NEWLINE]));
    return true;
  }
}

const NEWLINE = Buffer.from('\n');

/**
 * `lines` (whole lines) with `prefix` (ASCII) before each. Through a latin1 string, which maps each byte to one
 * character and back, so any UTF-8 passes unchanged: about twice as fast as copying line by line into a buffer.
 */
export function prefixLines(lines: Buffer, prefix: string): Buffer {
  const text = lines.toString('latin1');
  const ends = text.endsWith('\n');
  const body = ends ? text.slice(0, -1) : text;
  return Buffer.from(`${prefix}${body.replaceAll('\n', `\n${prefix}`)}${ends ? '\n' : ''}`, 'latin1');
}

/**
 * The last bytes of whole-line output a run wrote, as the chunks that carried them (no copy): the crash context of a
 * piped run, which survives rotation and never holds more than about `capacity` bytes plus one chunk.
 */
export class OutputTail {
  readonly #chunks: Buffer[] = [];
  #bytes = 0;

  constructor(readonly capacity = 64 * 1024) {}

  push(lines: Buffer): void {
    this.#chunks.push(lines);
    this.#bytes += lines.length;
    while (this.#chunks.length > 1 && this.#bytes - this.#chunks[0]!.length >= this.capacity) this.#bytes -= this.#chunks.shift()!.length;
  }

  /** The last `count` lines, oldest first, without their line ends. */
  lines(count: number): string[] {
    if (count <= 0) return [];
    return splitLines(Buffer.concat(this.#chunks).toString('utf8')).slice(-count);
  }
}

/** Lines of `text` without their \n or \r\n; a final empty piece (text ending in \n) is not a line. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}
