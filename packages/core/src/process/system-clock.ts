import type { Clock } from './seams.js';

// Monotonic time on the epoch scale, so that runtimes never go negative when the wall clock is set back.
export const systemClock: Clock = Object.freeze({
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout),
});
