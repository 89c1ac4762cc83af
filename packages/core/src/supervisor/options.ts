import type { Policy } from '../policy/types.js';
import type { HealthOptions } from './health-monitor.js';
import type { Clock, Spawner } from '../process/seams.js';
import type { LogFs } from '../logs/log-fs.js';
import type { LogFileOptions } from '../logs/types.js';
import { InvalidOptionsError } from '../errors.js';
import { checkLogFile } from './log-file-options.js';
import { fieldSchemas } from '../options/field-schemas.js';
import { createOptionsParser } from '../options/parse-options.js';

/** Default grace between the kill signal and SIGKILL. */
export const DEFAULT_KILL_TIMEOUT_MS = 5000;
/** Default signal asking a child to stop. */
export const DEFAULT_KILL_SIGNAL: NodeJS.Signals = 'SIGTERM';
/** Default number of output lines a `crash` event carries. */
export const DEFAULT_CRASH_CONTEXT_LINES = 20;

export type StdioMode = 'inherit' | 'pipe' | 'ignore';

export interface SupervisorOptions {
  /** The program to run: a file path or a name looked up in PATH. Never run through a shell. Required. */
  readonly command: string;
  /** Its arguments, passed as they are. Default `[]`. */
  readonly args?: readonly string[];
  /** Working directory. Default: this process's. */
  readonly cwd?: string;
  /** Variables merged over `process.env`; `undefined` removes one. Default `{}`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Merge `env` over `process.env` (true), or give the child `env` alone (false), as execa's option. Default true. */
  readonly extendEnv?: boolean;
  /**
   * The child's stdin, stdout and stderr. Default `'inherit'`. With `'pipe'`, read `spawn` events' streams.
   * Cannot be combined with `logFile`.
   */
  readonly stdio?: StdioMode;
  /**
   * Append the child's stdout and stderr to this file (created with mode 0o640, opened by `start()`; stdin is then
   * ignored). A path: the child writes to the file directly, nothing passes through the supervisor. An object adds
   * rotation (`maxBytes`, `maxFiles`, `compress`), `stderrFile` and `timestamps`; with rotation or timestamps the
   * output passes through the supervisor, line by line. See the README's "Logs". Default: none.
   */
  readonly logFile?: string | LogFileOptions;
  /** Decides restart or stop after each run. Default `restartPolicy()`. */
  // Policies are generic in their state; the supervisor only hands a policy's own state back to it.
  readonly policy?: Policy<any>;
  /** Signal sent to the child's process group to stop it. Default `'SIGTERM'`. */
  readonly killSignal?: NodeJS.Signals;
  /** Milliseconds between `killSignal` and SIGKILL. Default 5000. */
  readonly killTimeoutMs?: number;
  /**
   * The worker must call `notifyReady()` within `timeoutMs` of its spawn, or it is stopped and the run ends as
   * `ready-timeout` (a failure). With readiness on, `minUptimeMs` and the backoff reset count from ready. Default: off.
   */
  readonly readiness?: { readonly timeoutMs: number };
  /**
   * Once ready (or spawned, without readiness), the worker's `heartbeat()` calls must come at most `timeoutMs` apart,
   * or it is stopped and the run ends as `watchdog`. Default: off.
   */
  readonly watchdog?: { readonly timeoutMs: number };
  /** A heartbeat reporting a resident set above this many bytes restarts the worker gracefully (`memory-limit`). */
  readonly maxMemoryBytes?: number;
  /** How many of a run's last output lines a `crash` event carries (from the log file or piped output). Default 20. */
  readonly crashContextLines?: number;
  /**
   * Open an IPC channel to the child (a node program), for notifyReady(), heartbeat() and the graceful shutdown
   * message. Default: on when `readiness`, `watchdog` or `maxMemoryBytes` is set, off otherwise.
   */
  readonly ipc?: boolean;
  /**
   * Who carries out a restart the policy decided. `'self'` (the default): the supervisor waits the decided delay
   * and starts the next run. `'parent'`: it waits in state `held`, having emitted `held`, until its parent calls
   * `resume()`, `restart()`, `halt()` or `stop()`: how a supervision tree applies its strategy and intensity.
   */
  readonly restartControl?: 'self' | 'parent';
  /** Seam for tests: starts children. Default: real processes. */
  readonly spawner?: Spawner;
  /** Seam for tests: time and timers. Default: the system clock. */
  readonly clock?: Clock;
  /** Seam for tests: random source for backoff jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Seam for tests: the log file operations (to inject ENOSPC). Default: the real file system. */
  readonly logFs?: LogFs;
}

const parse = createOptionsParser(
  'new Supervisor()',
  (z) => {
    const f = fieldSchemas(z);
    return z.strictObject({
      command: f.nonEmptyString(),
      args: z.optional(
        z.custom<string[]>((v) => Array.isArray(v) && v.every((a) => typeof a === 'string'), { error: 'an array of strings' }),
      ),
      cwd: z.optional(f.nonEmptyString()),
      env: z.optional(
        z.custom<Record<string, string | undefined>>(
          (v) =>
            v !== null &&
            typeof v === 'object' &&
            !Array.isArray(v) &&
            Object.values(v).every((x) => x === undefined || typeof x === 'string'),
          { error: 'an object of string values (undefined removes a variable)' },
        ),
      ),
      extendEnv: z.optional(f.boolean()),
      stdio: z.optional(f.oneOf(['inherit', 'pipe', 'ignore'] as const)),
      logFile: z.optional(
        z.custom<string | LogFileOptions>((v) => typeof v === 'string' || (v !== null && typeof v === 'object' && !Array.isArray(v)), {
          error: 'a path, or an object { path, maxBytes?, maxFiles?, compress?, stderrFile?, timestamps? }',
        }),
      ),
      policy: z.optional(f.policy()),
      killSignal: z.optional(f.signal()),
      killTimeoutMs: z.optional(f.durationMs()),
      readiness: z.optional(z.strictObject({ timeoutMs: f.positiveDurationMs() }, { error: 'an object { timeoutMs }' })),
      watchdog: z.optional(z.strictObject({ timeoutMs: f.positiveDurationMs() }, { error: 'an object { timeoutMs }' })),
      maxMemoryBytes: z.optional(f.positiveInteger()),
      crashContextLines: z.optional(f.count()),
      ipc: z.optional(f.boolean()),
      restartControl: z.optional(f.oneOf(['self', 'parent'] as const)),
      spawner: z.optional(f.objectWith<Spawner>('a spawner (an object with spawn())', ['spawn'])),
      clock: z.optional(
        f.objectWith<Clock>('a clock (an object with now(), setTimeout() and clearTimeout())', ['now', 'setTimeout', 'clearTimeout']),
      ),
      random: z.optional(f.func<() => number>()),
      logFs: z.optional(f.objectWith<LogFs>('a log file system (an object with openAppend(), write() ...)', ['openAppend', 'write'])),
    });
  },
  {
    killTimeout: 'killTimeoutMs',
    cmd: 'command',
    log: 'logFile',
    restartPolicy: 'policy',
    // restartPolicy()'s options given to the Supervisor itself: say where they go.
    ...Object.fromEntries(
      [
        'restart',
        'maxRestarts',
        'maxConsecutiveFailures',
        'maxSpawnFailures',
        'minUptimeMs',
        'backoff',
        'window',
        'successExitCodes',
        'preventExitCodes',
        'forceExitCodes',
      ].map((name) => [name, { hint: `policy: restartPolicy({ ${name} })` }]),
    ),
  },
);

/**
 * Supervisor options checked and with every plain default filled in. The seams and the policy stay as given: the
 * supervisor wires their defaults (supervisor/resolve-options.ts), so that this layer does not import them.
 */
export interface ParsedSupervisorOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly extendEnv: boolean;
  readonly stdio: StdioMode;
  readonly logFile: string | LogFileOptions | undefined;
  readonly policy: Policy<unknown> | undefined;
  readonly killSignal: NodeJS.Signals;
  readonly killTimeoutMs: number;
  /** Undefined when no health check is on. */
  readonly health: HealthOptions | undefined;
  readonly ipc: boolean;
  readonly crashContextLines: number;
  readonly restartControl: 'self' | 'parent';
  readonly spawner: Spawner | undefined;
  readonly clock: Clock | undefined;
  readonly random: () => number;
  readonly logFs: LogFs | undefined;
}

/** Checks Supervisor options and fills in the plain defaults. Throws `InvalidOptionsError` naming the first bad option. */
export function parseSupervisorOptions(input: SupervisorOptions): ParsedSupervisorOptions {
  const o = checkSupervisorOptions(input);
  const health = { readiness: o.readiness, watchdog: o.watchdog, maxMemoryBytes: o.maxMemoryBytes };
  const monitored = Object.values(health).some((v) => v !== undefined);
  return Object.freeze({
    command: o.command,
    args: Object.freeze([...(o.args ?? [])]),
    cwd: o.cwd,
    env: Object.freeze({ ...(o.env ?? {}) }),
    extendEnv: o.extendEnv ?? true,
    stdio: o.stdio ?? 'inherit',
    logFile: o.logFile,
    policy: o.policy,
    killSignal: o.killSignal ?? DEFAULT_KILL_SIGNAL,
    killTimeoutMs: o.killTimeoutMs ?? DEFAULT_KILL_TIMEOUT_MS,
    health: monitored ? health : undefined,
    ipc: o.ipc ?? monitored,
    crashContextLines: o.crashContextLines ?? DEFAULT_CRASH_CONTEXT_LINES,
    restartControl: o.restartControl ?? 'self',
    spawner: o.spawner,
    clock: o.clock,
    random: o.random ?? Math.random,
    logFs: o.logFs,
  });
}

function checkSupervisorOptions(input: SupervisorOptions): SupervisorOptions {
  const options = parse(input) as SupervisorOptions;
  if (options.logFile !== undefined) checkLogFile('new Supervisor()', options.logFile);
  if (options.logFile !== undefined && options.stdio !== undefined) {
    throw new InvalidOptionsError(
      `new Supervisor(): \`stdio\` (${JSON.stringify(options.stdio)}) and \`logFile\` cannot both be set: a log file receives stdout and stderr`,
      'stdio',
    );
  }
  if (options.ipc === false) {
    const health = (['readiness', 'watchdog', 'maxMemoryBytes'] as const).find((key) => options[key] !== undefined);
    if (health) {
      throw new InvalidOptionsError(
        `new Supervisor(): \`${health}\` needs the IPC channel its worker reports through, and \`ipc\` is false`,
        'ipc',
      );
    }
  }
  return options;
}
