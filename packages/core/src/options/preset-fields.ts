import type { ZodMiniType } from 'zod/mini';
import type { ExitStatus } from '../policy/presets/exit-status.js';
import { isSignalName } from './field-schemas.js';
import type { Zod } from './zod.js';

const isExitCode = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 255;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

// Leaf checks that only the peer presets need, in the style of fieldSchemas(): each carries the phrase that
// completes "expected `x` to be ...".
export function presetFields(z: Zod) {
  const leaf = <T>(expected: string, test: (v: unknown) => boolean): ZodMiniType<T> => z.custom<T>((v) => test(v), { error: expected });
  return {
    boolean: () => leaf<boolean>('a boolean', (v) => typeof v === 'boolean'),
    exitStatuses: () =>
      leaf<ExitStatus[]>(
        "an array of exit codes (integers from 0 to 255) and signal names such as 'SIGKILL'",
        (v) => Array.isArray(v) && v.every((s) => isExitCode(s) || (typeof s === 'string' && isSignalName(s))),
      ),
    positiveSeconds: () => leaf<number>('a positive finite number of seconds', (v) => isFiniteNumber(v) && v > 0),
    secondsOrInfinity: () =>
      leaf<number>('a non-negative number of seconds or Infinity', (v) => v === Number.POSITIVE_INFINITY || (isFiniteNumber(v) && v >= 0)),
    restartCount: () =>
      leaf<number>('-1 (unlimited), Infinity or a non-negative integer', (v) => v === -1 || v === Number.POSITIVE_INFINITY || (Number.isInteger(v) && (v as number) >= 0)),
    sleep: () =>
      leaf<number | number[] | ((restarts: number) => number)>(
        'a non-negative number of milliseconds, a non-empty array of them, or a function of the restart count',
        (v) =>
          typeof v === 'function' ||
          (isFiniteNumber(v) && v >= 0) ||
          (Array.isArray(v) && v.length > 0 && v.every((ms) => isFiniteNumber(ms) && ms >= 0)),
      ),
  };
}
