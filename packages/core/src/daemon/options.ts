import type { LogFileOptions } from '../logs/types.js';
import { TREE_STRATEGIES, type TreeIntensity, type TreeStrategy } from '../policy/tree/types.js';
import type { Policy } from '../policy/types.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import type { ChildRestart } from '../tree/options.js';
import type { SupervisorTree } from '../tree/supervisor-tree.js';
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
  /**
   * Proves which process is the guard while it runs (pid, kernel start time, boot), so that a second daemon() fails in
   * the terminal and a status or stop never trusts a bare pid. The control socket goes beside it (`app.pid` ->
   * `app.sock`). Default: none, or `<state folder>/<name>.pid` with `name`.
   */
  readonly pidFile?: string;
  /**
   * Places the pid file, control socket and log in the state folder (`$DAEMONKIT_HOME`, else
   * `$XDG_STATE_HOME/daemonkit`, else `~/.local/state/daemonkit`) as `<name>.pid`, `<name>.sock`, `<name>.log`;
   * `connect({ name })` and the CLI find it there. Letters, digits, `.`, `_`, `-`. Default: none.
   */
  readonly name?: string;
  /** The control socket's path, instead of beside the pid file. Needs `pidFile` or `name`. */
  readonly controlSocket?: string;
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

/** A service of a multi-service daemon: worker copies of this program, as `daemon()` runs one. */
export interface WorkerService {
  /** Run this many replicas (`web#0`...); each worker's `daemon()` resolves with its `instance`. Default 1. */
  readonly instances?: number;
  /** OTP's restart type (permanent, transient, temporary). Default `'permanent'`. Or give a `policy`. */
  readonly restart?: ChildRestart;
  // Policies are generic in their state; the guard only hands a policy's own state back to it.
  readonly policy?: Policy<any>;
  readonly readiness?: { readonly timeoutMs: number };
  readonly watchdog?: { readonly timeoutMs: number };
  readonly maxMemoryBytes?: number;
  readonly killSignal?: NodeJS.Signals;
  readonly killTimeoutMs?: number;
  /**
   * Where this service's output goes: a path, or `{ path, maxBytes?, maxFiles?, compress?, stderrFile?, timestamps? }`
   * (see the Supervisor's `logFile`). Default: beside the daemon's `logFile`, named after it (`app.log` -> `app.web.log`).
   */
  readonly logFile?: string | LogFileOptions;
}

/** A service that is another program (a redis server, say): any command, supervised in the same tree. */
export interface CommandService extends WorkerService {
  readonly command: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type ServiceSpec = WorkerService | CommandService;

/**
 * `daemon()` with several services: the guard runs them as a SupervisorTree (started in the order given, stopped in
 * reverse), by `strategy` and `intensity`. Health options and policies go per service.
 */
export interface DaemonServicesOptions
  extends Omit<DaemonOptions, 'policy' | 'readiness' | 'watchdog' | 'maxMemoryBytes' | 'setup'> {
  readonly services: Readonly<Record<string, ServiceSpec>>;
  /** Default `'one-for-one'`. */
  readonly strategy?: TreeStrategy;
  /** Default: the tree's (5 restarts within 10 s). */
  readonly intensity?: TreeIntensity;
  /** Runs in the guard only, before the first service starts: attach listeners to the tree. */
  readonly setup?: (tree: SupervisorTree) => void;
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
      name: z.optional(f.nonEmptyString()),
      controlSocket: z.optional(f.nonEmptyString()),
      setup: z.optional(f.func<(supervisor: Supervisor) => void>()),
      lifecycleLog: z.optional(f.boolean()),
      readiness: z.optional(z.strictObject({ timeoutMs: f.positiveDurationMs() }, { error: 'an object { timeoutMs }' })),
      watchdog: z.optional(z.strictObject({ timeoutMs: f.positiveDurationMs() }, { error: 'an object { timeoutMs }' })),
      maxMemoryBytes: z.optional(f.positiveInteger()),
      services: z.optional(f.plainObject()),
      strategy: z.optional(f.oneOf(TREE_STRATEGIES)),
      intensity: z.optional(
        z.strictObject({ maxRestarts: f.limit(), periodMs: f.positiveDurationMs() }, { error: 'an object { maxRestarts, periodMs }' }),
      ),
    });
  },
  { log: 'logFile', pidfile: 'pidFile', killTimeout: 'killTimeoutMs' },
) as (input: DaemonOptions | DaemonServicesOptions | undefined) => DaemonOptions & Partial<DaemonServicesOptions>;
