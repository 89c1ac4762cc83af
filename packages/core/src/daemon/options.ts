import type { Policy } from '../policy/types.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { fieldSchemas } from '../options/field-schemas.js';
import { createOptionsParser } from '../options/parse-options.js';

export interface BackgroundOptions {
  /** Append the copy's stdout and stderr to this file (created with mode 0o640). Default: discarded. */
  readonly logFile?: string;
  /** Exit this process (code 0) once the copy is started, as xdaemon does. Default true. */
  readonly exit?: boolean;
}

export interface DaemonOptions {
  /** Decides whether the guard restarts the worker. Default `restartPolicy()`. */
  // Policies are generic in their state; the guard only hands a policy's own state back to it.
  readonly policy?: Policy<any>;
  /** Signal the guard sends the worker's process group to stop it. Default `'SIGTERM'`. */
  readonly killSignal?: NodeJS.Signals;
  /** Milliseconds between `killSignal` and SIGKILL. Default 5000. */
  readonly killTimeoutMs?: number;
  /** The guard's lifecycle lines and the worker's stdout and stderr are appended here (mode 0o640). Default: discarded. */
  readonly logFile?: string;
  /** Holds the guard's pid while it runs; a live one makes a second daemon() fail in the terminal. Default: none. */
  readonly pidFile?: string;
  /** Runs in the guard only, before the first worker starts: attach listeners for alerts or metrics. */
  readonly setup?: (supervisor: Supervisor) => void;
  /** Write one line per lifecycle event to the log. Default true. */
  readonly lifecycleLog?: boolean;
  /** The worker must call notifyReady() within `timeoutMs` (see the Supervisor option). Default: off. */
  readonly readiness?: { readonly timeoutMs: number };
  /** The worker's heartbeat() calls must come at most `timeoutMs` apart (see the Supervisor option). Default: off. */
  readonly watchdog?: { readonly timeoutMs: number };
  /** A heartbeat reporting more resident memory than this restarts the worker gracefully. Default: off. */
  readonly maxMemoryBytes?: number;
}

export const parseBackgroundOptions = createOptionsParser('background()', (z) => {
  const f = fieldSchemas(z);
  return z.strictObject({
    logFile: z.optional(f.nonEmptyString()),
    exit: z.optional(f.boolean()),
  });
}) as (input: BackgroundOptions | undefined) => BackgroundOptions;

export const parseDaemonOptions = createOptionsParser(
  'daemon()',
  (z) => {
    const f = fieldSchemas(z);
    return z.strictObject({
      policy: z.optional(f.policy()),
      killSignal: z.optional(f.signal()),
      killTimeoutMs: z.optional(f.durationMs()),
      logFile: z.optional(f.nonEmptyString()),
      pidFile: z.optional(f.nonEmptyString()),
      setup: z.optional(f.func<(supervisor: Supervisor) => void>()),
      lifecycleLog: z.optional(f.boolean()),
      readiness: z.optional(z.strictObject({ timeoutMs: f.positiveDurationMs() }, { error: 'an object { timeoutMs }' })),
      watchdog: z.optional(z.strictObject({ timeoutMs: f.positiveDurationMs() }, { error: 'an object { timeoutMs }' })),
      maxMemoryBytes: z.optional(f.positiveInteger()),
    });
  },
  { log: 'logFile', pidfile: 'pidFile', killTimeout: 'killTimeoutMs' },
) as (input: DaemonOptions | undefined) => DaemonOptions;
