import { DEFAULT_BACKOFF, type Backoff, type ExponentialBackoff } from '../policy/backoff.js';
import { RESTART_MODES, type RestartMode } from '../policy/classify-exit.js';
import type { RestartWindow } from '../policy/restart-window.js';
import { definedOnly } from './defined-only.js';
import { fieldSchemas } from './field-schemas.js';
import { createOptionsParser } from './parse-options.js';

/** Options of `restartPolicy()`. Every field is optional; defaults are given with each. */
export interface RestartPolicyOptions {
  /** When to restart, with systemd's Restart= meaning. Default `'on-failure'`. */
  readonly restart?: RestartMode;
  /** Exit codes that count as a clean exit. Default `[0]`. */
  readonly successExitCodes?: readonly number[];
  /** Exit codes after which the command is never restarted (e.g. 78, a configuration error). Default `[]`. */
  readonly preventExitCodes?: readonly number[];
  /** Exit codes after which the command is restarted whatever `restart` says (limits still apply). Default `[]`. */
  readonly forceExitCodes?: readonly number[];
  /** A run shorter than this, in ms, counts as a failure whatever its exit (xdaemon's MinExitTime). Default 0. */
  readonly minUptimeMs?: number;
  /** Total restarts allowed over the supervisor's life. Default Infinity. */
  readonly maxRestarts?: number;
  /** Give up when this many runs in a row failed. Default Infinity. */
  readonly maxConsecutiveFailures?: number;
  /** At most `maxRestarts` restarts within any `periodMs` (OTP intensity/period). Default: no window. */
  readonly window?: RestartWindow;
  /**
   * A fixed delay in ms, or an exponential backoff; missing fields take `DEFAULT_BACKOFF`'s values.
   * Default `DEFAULT_BACKOFF` (100 ms doubling to 30 s, 10 % jitter, reset after 30 s up).
   */
  readonly backoff?: number | Partial<ExponentialBackoff>;
}

export interface ResolvedRestartPolicyOptions {
  readonly restart: RestartMode;
  readonly successExitCodes: readonly number[];
  readonly preventExitCodes: readonly number[];
  readonly forceExitCodes: readonly number[];
  readonly minUptimeMs: number;
  readonly maxRestarts: number;
  readonly maxConsecutiveFailures: number;
  readonly window: RestartWindow | undefined;
  readonly backoff: Backoff;
}

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
  { minUptime: 'minUptimeMs', restartDelay: 'backoff', maxRetries: 'maxRestarts', autorestart: 'restart' },
);

const parseBackoff = createOptionsParser('restartPolicy()', (z) => {
  const f = fieldSchemas(z);
  return z.strictObject({
    initialMs: z.optional(f.durationMs()),
    factor: z.optional(f.factor()),
    maxMs: z.optional(f.durationMs()),
    jitter: z.optional(f.fraction()),
    resetAfterMs: z.optional(f.durationMs()),
  });
});

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
    window: o.window ? Object.freeze({ ...o.window }) : undefined,
    backoff,
  });
}
