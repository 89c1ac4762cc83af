/**
 * Splits a stream of text chunks into lines (without their \n or \r\n). A partial last line is held until the next
 * chunk completes it, or until `end()` hands it over: nothing is lost when a child dies mid-line.
 */
export function createLineSplitter(onLine: (line: string) => void): { push(chunk: string): void; end(): void } {
  let pending = '';
  return {
    push(chunk) {
      const text = pending + chunk;
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        onLine(text.slice(start, end));
        start = nl + 1;
      }
      pending = text.slice(start);
    },
    end() {
      if (pending.length > 0) onLine(pending);
      pending = '';
    },
  };
}

/** The last `capacity` lines seen, oldest first. */
export class RecentLines {
  readonly #lines: string[] = [];
  constructor(readonly capacity: number) {}

  push(line: string): void {
    if (this.capacity <= 0) return;
    if (this.#lines.length === this.capacity) this.#lines.shift();
    this.#lines.push(line);
  }

  toArray(): string[] {
    return [...this.#lines];
  }
}
