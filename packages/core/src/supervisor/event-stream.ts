import type { EventEmitter } from 'eventemitter3';
import { SUPERVISOR_EVENT_NAMES, type SupervisorEvent, type SupervisorEvents } from './events.js';

/**
 * All events of `emitter` as an async iterator, in order, ending after `stop` or when `signal` aborts. Events are
 * queued while the consumer is busy, so none is lost.
 */
export function eventStream(
  emitter: EventEmitter<SupervisorEvents>,
  stopped: boolean,
  signal?: AbortSignal,
): AsyncIterableIterator<SupervisorEvent> {
  const queue: SupervisorEvent[] = [];
  let waiting: ((result: IteratorResult<SupervisorEvent>) => void) | undefined;
  let ended = stopped || signal?.aborted === true;
  const listeners = SUPERVISOR_EVENT_NAMES.map((type) => {
    const listener = (payload: unknown) => push({ type, payload } as SupervisorEvent);
    return [type, listener] as const;
  });

  function push(event: SupervisorEvent): void {
    if (ended) return;
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: event, done: false });
    } else {
      queue.push(event);
    }
    if (event.type === 'stop') end();
  }

  function end(): void {
    ended = true;
    for (const [type, listener] of listeners) emitter.off(type, listener);
    signal?.removeEventListener('abort', onAbort);
    if (waiting && queue.length === 0) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  function onAbort(): void {
    queue.length = 0;
    end();
  }

  if (!ended) {
    for (const [type, listener] of listeners) emitter.on(type, listener);
    signal?.addEventListener('abort', onAbort, { once: true });
  }

  const iterator: AsyncIterableIterator<SupervisorEvent> = {
    next() {
      const event = queue.shift();
      if (event) return Promise.resolve({ value: event, done: false });
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      queue.length = 0;
      end();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
