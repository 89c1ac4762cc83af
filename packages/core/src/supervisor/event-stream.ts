import type { EventEmitter } from 'eventemitter3';
import {
  LIFECYCLE_EVENT_NAMES,
  type EventsDropped,
  type SupervisorEvent,
  type SupervisorEvents,
} from './events.js';

/** How many events `events()` keeps for a reader that falls behind before it drops the oldest. */
export const DEFAULT_MAX_BUFFERED_EVENTS = 1000;

export interface EventStreamOptions {
  /** Ends the stream when aborted; events not yet read are discarded. */
  readonly signal?: AbortSignal;
  /**
   * Events kept for a reader that falls behind. Beyond it the oldest are dropped and the reader is told how many by a
   * `{ type: 'dropped', payload: { count } }` item in their place; the final `stop` is always delivered. Default 1000.
   */
  readonly maxBuffered?: number;
}

/**
 * All lifecycle events of `emitter` as an async iterator, in order, ending after `stop` or when the signal aborts.
 * Memory is bounded (see `maxBuffered`), and any number of `next()` calls may wait at once: each gets the next event.
 */
export function eventStream(
  emitter: EventEmitter<SupervisorEvents>,
  stopped: boolean,
  options: EventStreamOptions = {},
): AsyncIterableIterator<SupervisorEvent | EventsDropped> {
  const { signal } = options;
  const maxBuffered = Math.max(1, options.maxBuffered ?? DEFAULT_MAX_BUFFERED_EVENTS);
  const queue: SupervisorEvent[] = [];
  const waiting: Array<(result: IteratorResult<SupervisorEvent | EventsDropped>) => void> = [];
  let dropped = 0;
  let ended = stopped || signal?.aborted === true;
  const listeners = LIFECYCLE_EVENT_NAMES.map((type) => {
    const listener = (payload: unknown) => push({ type, payload } as SupervisorEvent);
    return [type, listener] as const;
  });

  function push(event: SupervisorEvent): void {
    if (ended) return;
    const resolve = waiting.shift();
    if (resolve) {
      resolve({ value: event, done: false });
    } else {
      if (queue.length >= maxBuffered) {
        queue.shift();
        dropped += 1;
      }
      queue.push(event);
    }
    if (event.type === 'stop') end();
  }

  function end(): void {
    ended = true;
    for (const [type, listener] of listeners) emitter.off(type, listener);
    signal?.removeEventListener('abort', onAbort);
    // Waiters exist only while the queue is empty: there is nothing more for them.
    for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
  }

  function onAbort(): void {
    queue.length = 0;
    dropped = 0;
    end();
  }

  if (!ended) {
    for (const [type, listener] of listeners) emitter.on(type, listener);
    signal?.addEventListener('abort', onAbort, { once: true });
  }

  const iterator: AsyncIterableIterator<SupervisorEvent | EventsDropped> = {
    next() {
      if (dropped > 0) {
        const count = dropped;
        dropped = 0;
        return Promise.resolve({ value: Object.freeze({ type: 'dropped', payload: Object.freeze({ count }) }), done: false });
      }
      const event = queue.shift();
      if (event) return Promise.resolve({ value: event, done: false });
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
    return() {
      queue.length = 0;
      dropped = 0;
      end();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
