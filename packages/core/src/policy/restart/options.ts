import { definedOnly } from '../../options/defined-only.js';
import { fieldSchemas } from '../../options/field-schemas.js';
import { createOptionsParser } from '../../options/parse-options.js';
import { DEFAULT_BACKOFF, type Backoff } from '../backoff.js';
import { RESTART_MODES } from '../classify-exit.js';
import { DEFAULT_MAX_SPAWN_FAILURES } from '../spawn-errors.js';
import type { ResolvedRestartPolicyOptions, RestartPolicyOptions } from './types.js';

// The option-parsing side of restartPolicy(): zod/mini schemas and defaults. Only the constructor calls this.

const parseTop = createOptionsParser(
  'restartPolicy()',
  (z) => {
    const f = fieldSchemas(z);
    return z.strictObject({
      restart: z.optional(f.oneOf(RESTART_MODES)),
      successExitCodes: z.optional(f.exitCodes()),
      preventExitCodes: z.optional(f.exitCodes()),
      forceExitCodes: z.optional(f.exitCodes()),
      minUptimeMs: z.optional(f.durationMs()),
      maxRestarts: z.optional(f.limit()),
      maxConsecutiveFailures: z.optional(f.limit()),
      maxSpawnFailures: z.optional(f.limit()),
      window: z.optional(z
        .strictObject({ maxRestarts: f.limit(), periodMs: f.positiveDurationMs() }, { error: 'an object { maxRestarts, periodMs }' })),
      backoff: z.optional(
        z.custom<number | Record<string, unknown>>(
          (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0) || (v !== null && typeof v === 'object' && !Array.isArray(v)),
          { error: 'a non-negative delay in milliseconds or a backoff object' },
        ),
      ),
    });
  },
  {
    minUptime: 'minUptimeMs',
    restartDelay: 'backoff',
    delay: 'backoff',
    maxRetries: 'maxRestarts',
    autorestart: 'restart',
    maxFailures: 'maxConsecutiveFailures',
    // The window's fields under the names of OTP, p-retry-like libraries and plain English.
    'window.max': 'maxRestarts',
    'window.maxRetries': 'maxRestarts',
    'window.intensity': 'maxRestarts',
    'window.period': 'periodMs',
    'window.interval': 'periodMs',
    'window.intervalMs': 'periodMs',
    'window.within': 'periodMs',
    'window.withinMs': 'periodMs',
  },
);

const parseBackoff = createOptionsParser(
  'restartPolicy()',
  (z) => {
    const f = fieldSchemas(z);
    return z.strictObject({
      initialMs: z.optional(f.durationMs()),
      factor: z.optional(f.factor()),
      maxMs: z.optional(f.durationMs()),
      jitter: z.optional(f.fraction()),
      resetAfterMs: z.optional(f.durationMs()),
    });
  },
  // The names other backoff libraries and supervisors use for the same fields.
  {
    initial: 'initialMs',
    initialDelay: 'initialMs',
    initialDelayMs: 'initialMs',
    startingDelay: 'initialMs',
    minDelay: 'initialMs',
    minTimeout: 'initialMs',
    delay: 'initialMs',
    max: 'maxMs',
    maxDelay: 'maxMs',
    maxDelayMs: 'maxMs',
    maxTimeout: 'maxMs',
    maxInterval: 'maxMs',
    multiplier: 'factor',
    exponent: 'factor',
    timeMultiple: 'factor',
    randomizationFactor: 'jitter',
    reset: 'resetAfterMs',
    resetAfter: 'resetAfterMs',
    resetMs: 'resetAfterMs',
    resetAfterTime: 'resetAfterMs',
  },
);

/** Checks `restartPolicy()` options and fills in the defaults. Throws `InvalidOptionsError` naming the first bad option. */
export function resolveRestartPolicyOptions(input: RestartPolicyOptions | undefined): ResolvedRestartPolicyOptions {
  const o = parseTop(input);
  const backoff: Backoff =
    o.backoff === undefined
      ? DEFAULT_BACKOFF
      : typeof o.backoff === 'number'
        ? o.backoff
        : Object.freeze({ ...DEFAULT_BACKOFF, ...definedOnly(parseBackoff(o.backoff, 'backoff')) });
  return Object.freeze({
    restart: o.restart ?? 'on-failure',
    successExitCodes: Object.freeze([...(o.successExitCodes ?? [0])]),
    preventExitCodes: Object.freeze([...(o.preventExitCodes ?? [])]),
    forceExitCodes: Object.freeze([...(o.forceExitCodes ?? [])]),
    minUptimeMs: o.minUptimeMs ?? 0,
    maxRestarts: o.maxRestarts ?? Number.POSITIVE_INFINITY,
    maxConsecutiveFailures: o.maxConsecutiveFailures ?? Number.POSITIVE_INFINITY,
    maxSpawnFailures: o.maxSpawnFailures ?? DEFAULT_MAX_SPAWN_FAILURES,
    window: o.window ? Object.freeze({ ...o.window }) : undefined,
    backoff,
  });
}
