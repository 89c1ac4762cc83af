import type { EventEmitter } from 'eventemitter3';

// eventemitter3's listener records (`_events[name]`: one record, or an array of them). Read here so that every
// listener is called even when an earlier one throws; eventemitter3 is bundled at a pinned version, and the tests
// of this module (once, context, removal during emit) would catch a change of layout.
interface ListenerRecord {
  readonly fn: (...args: unknown[]) => void;
  readonly context: unknown;
  readonly once: boolean;
}

/**
 * Emits `name` as `emitSafely()` does, and reports what listeners threw: to the emitter's `error` event as
 * `{ error, event }`, or, when nothing listens to it (or an `error` listener threw), re-thrown on the next tick, an
 * uncaught exception as a throw in any callback would be. How the Supervisor and the SupervisorTree emit.
 */
export function emitReportingErrors(emitter: EventEmitter<any>, name: string, payload: unknown): void {
  emitSafely(emitter, name, payload, (error) => {
    if (name !== 'error' && emitter.listenerCount('error') > 0) {
      emitReportingErrors(emitter, 'error', Object.freeze({ error, event: name }));
    } else {
      rethrowLater(error);
    }
  });
}

/** Throws `error` on the next tick, once the current step is complete: an uncaught exception, not a broken state. */
export function rethrowLater(error: unknown): void {
  process.nextTick(() => {
    throw error;
  });
}

/**
 * Calls every listener of `name` with `payload`, in order, as eventemitter3's emit() does, except that a listener
 * that throws does not stop the others: each error goes to `onError` once they have all run. Returns whether the
 * event had listeners.
 */
export function emitSafely(
  emitter: EventEmitter<any>,
  name: string,
  payload: unknown,
  onError: (error: unknown) => void,
): boolean {
  const entry = (emitter as unknown as { _events: Record<string, ListenerRecord | ListenerRecord[] | undefined> })._events[name];
  if (entry === undefined) return false;
  // A copy: listeners added or removed while this event is delivered take effect from the next one.
  const records = Array.isArray(entry) ? [...entry] : [entry];
  let errors: unknown[] | undefined;
  for (const record of records) {
    if (record.once) emitter.removeListener(name, record.fn, undefined, true);
    try {
      record.fn.call(record.context, payload);
    } catch (error) {
      (errors ??= []).push(error);
    }
  }
  if (errors) for (const error of errors) onError(error);
  return true;
}
