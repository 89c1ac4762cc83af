/**
 * A bounded queue read as an async iterator. Items pushed while nobody waits are kept, up to `max`; beyond it the
 * oldest are dropped and counted, and the reader gets `dropped(count)` in their place (a `dropped` event, a notice
 * line), so that a loss is never silent. `end()` finishes the iteration after the queued items.
 */
export class AsyncQueue<T> {
  readonly #items: T[] = [];
  readonly #waiting: Array<{ resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void }> = [];
  #dropped = 0;
  #ended = false;
  #error: Error | undefined;

  constructor(
    readonly max: number,
    readonly dropped: (count: number) => T,
  ) {}

  push(item: T): void {
    if (this.#ended) return;
    const waiter = this.#waiting.shift();
    if (waiter) return waiter.resolve({ value: item, done: false });
    if (this.#items.length >= this.max) {
      this.#items.shift();
      this.#dropped += 1;
    }
    this.#items.push(item);
  }

  end(error?: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    for (const waiter of this.#waiting.splice(0)) {
      if (error) waiter.reject(error);
      else waiter.resolve({ value: undefined, done: true });
    }
  }

  /** The iterator; `onReturn` runs when the reader stops early (break) or the queue ends. */
  iterate(onReturn: () => void): AsyncIterableIterator<T> {
    const next = (): Promise<IteratorResult<T>> => {
      if (this.#dropped > 0) {
        const count = this.#dropped;
        this.#dropped = 0;
        return Promise.resolve({ value: this.dropped(count), done: false });
      }
      if (this.#items.length > 0) return Promise.resolve({ value: this.#items.shift() as T, done: false });
      if (this.#ended) {
        onReturn();
        return this.#error ? Promise.reject(this.#error) : Promise.resolve({ value: undefined, done: true });
      }
      return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
    };
    const iterator: AsyncIterableIterator<T> = {
      next,
      return: () => {
        this.end();
        onReturn();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
