// Small waiting helpers for the scenarios: deadlines, and waiting for one event of a Supervisor.
import { setTimeout as delay } from 'node:timers/promises';

export { delay };

/** Resolves as `promise` does, or rejects with an error naming `what` after `ms`. */
export function withDeadline(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The next `name` event of `emitter` whose payload satisfies `accept`, within `ms`. */
export function nextEvent(emitter, name, accept = () => true, ms = 10_000) {
  let listener;
  const found = new Promise((resolve) => {
    listener = (payload) => {
      if (!accept(payload)) return;
      emitter.off(name, listener);
      resolve(payload);
    };
    emitter.on(name, listener);
  });
  return withDeadline(found, ms, `waiting for '${name}'`).finally(() => emitter.off(name, listener));
}

/** Epoch-scale monotonic milliseconds: the same clock as the Supervisor's (systemClock). */
export const now = () => performance.timeOrigin + performance.now();
