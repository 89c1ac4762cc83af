import type { ZodMiniType } from 'zod/mini';
import type { Policy } from '../policy/types.js';
import type { Zod } from './zod.js';

let signals: Set<string> | undefined;

/** Whether `name` is a signal this platform knows, such as 'SIGTERM'. */
export const isSignalName = (name: string): boolean => (signals ??= new Set(Object.keys(process.getBuiltinModule('node:os').constants.signals))).has(name);

function hasMethods(value: unknown, methods: readonly string[]): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function')
  );
}

// Leaf checks written as predicates with the phrase that completes "expected `x` to be ...". zod walks the
// option objects (strict keys, optional fields); these keep every message uniform and accept Infinity where a
// limit may be unlimited (plain z.number() rejects it).
export function fieldSchemas(z: Zod) {
  const leaf = <T>(expected: string, test: (v: unknown) => boolean): ZodMiniType<T> =>
    z.custom<T>((v) => test(v), { error: expected });
  const isNumber = (v: unknown): v is number => typeof v === 'number';
  return {
    durationMs: () =>
      leaf<number>('a non-negative finite number of milliseconds', (v) => isNumber(v) && Number.isFinite(v) && v >= 0),
    positiveDurationMs: () =>
      leaf<number>('a positive finite number of milliseconds', (v) => isNumber(v) && Number.isFinite(v) && v > 0),
    seconds: () => leaf<number>('a non-negative finite number of seconds', (v) => isNumber(v) && Number.isFinite(v) && v >= 0),
    positiveInteger: () => leaf<number>('a positive integer', (v) => isNumber(v) && Number.isInteger(v) && v > 0),
    count: () => leaf<number>('a non-negative integer', (v) => isNumber(v) && Number.isInteger(v) && v >= 0),
    limit: () =>
      leaf<number>(
        'a non-negative integer or Infinity',
        (v) => v === Number.POSITIVE_INFINITY || (isNumber(v) && Number.isInteger(v) && v >= 0),
      ),
    factor: () => leaf<number>('a finite number >= 1', (v) => isNumber(v) && Number.isFinite(v) && v >= 1),
    fraction: () => leaf<number>('a number from 0 to 1', (v) => isNumber(v) && v >= 0 && v <= 1),
    exitCodes: () =>
      leaf<number[]>(
        'an array of exit codes (integers from 0 to 255)',
        (v) => Array.isArray(v) && v.every((c) => Number.isInteger(c) && c >= 0 && c <= 255),
      ),
    oneOf: <const T extends string>(values: readonly T[]) =>
      leaf<T>(`one of ${values.map((v) => `'${v}'`).join(', ')}`, (v) => (values as readonly unknown[]).includes(v)),
    nonEmptyString: () => leaf<string>('a non-empty string', (v) => typeof v === 'string' && v.length > 0),
    func: <T>() => leaf<T>('a function', (v) => typeof v === 'function'),
    boolean: () => leaf<boolean>('a boolean', (v) => typeof v === 'boolean'),
    signal: () => leaf<NodeJS.Signals>('a signal name such as \'SIGTERM\'', (v) => typeof v === 'string' && isSignalName(v)),
    policy: () =>
      leaf<Policy>(
        'a policy (an object with initialState() and decide())',
        (v) => hasMethods(v, ['initialState', 'decide']),
      ),
    objectWith: <T>(expected: string, methods: readonly string[]) => leaf<T>(expected, (v) => hasMethods(v, methods)),
    plainObject: () =>
      leaf<Record<string, unknown>>('an object', (v) => v !== null && typeof v === 'object' && !Array.isArray(v)),
  };
}
