/**
 * Splits a byte stream into lines of at most `maxBytes` (newline excluded), as UTF-8 strings. A longer line calls
 * `onOverflow` once and nothing more is read: the peer broke the protocol, and buffering on would let it grow the
 * reader's memory without bound.
 */
export function createLineReader(maxBytes: number, onLine: (line: string) => void, onOverflow: () => void): (chunk: Buffer) => void {
  let parts: Buffer[] = [];
  let pending = 0;
  let broken = false;
  return (chunk) => {
    if (broken) return;
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      if (pending + piece.length > maxBytes) {
        broken = true;
        parts = [];
        onOverflow();
        return;
      }
      const line = pending === 0 ? piece.toString('utf8') : Buffer.concat([...parts, piece]).toString('utf8');
      parts = [];
      pending = 0;
      start = nl + 1;
      onLine(line);
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0) return;
    if (pending + rest.length > maxBytes) {
      broken = true;
      parts = [];
      onOverflow();
      return;
    }
    parts.push(Buffer.from(rest));
    pending += rest.length;
  };
}
