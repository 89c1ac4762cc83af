import { InvalidOptionsError } from '../errors.js';
import { fieldSchemas } from '../options/field-schemas.js';
import { createOptionsParser } from '../options/parse-options.js';
import { policyFromSpec, POLICY_SPEC_PRESETS, type PolicySpec } from '../policy/policy-spec.js';
import { TREE_STRATEGIES, type TreeIntensity, type TreeStrategy } from '../policy/tree/types.js';
import type { ChildRestart, ChildSpec } from '../tree/options.js';
import { SupervisorTree } from '../tree/supervisor-tree.js';
import type { DaemonPaths } from '../control/state-home.js';
import type { LogFileOptions } from '../logs/types.js';

/** A program the guard of `startDaemon()` supervises. Everything is data (JSON), since it crosses into the guard. */
export interface CommandServiceSpec {
  readonly command: string;
  readonly args?: readonly string[];
  /** Default: the folder startDaemon() was called in. */
  readonly cwd?: string;
  /** Over the environment startDaemon() was called in (`undefined`... is not JSON: give `null` to remove a variable). */
  readonly env?: Readonly<Record<string, string | null>>;
  /** Run this many replicas, `name#0`... (each with DAEMONKIT_INSTANCE). Default 1. */
  readonly instances?: number;
  /** OTP's restart type. Default `'permanent'`. Or give a `policy`. */
  readonly restart?: ChildRestart;
  /** The restart policy, as data: `{ preset: 'pm2', options: { max_restarts: 15 } }`. Default `restartPolicy()`. */
  readonly policy?: PolicySpec;
  readonly killSignal?: NodeJS.Signals;
  readonly killTimeoutMs?: number;
  /**
   * Where its output goes: a path, or rotation options (`{ path, maxBytes, maxFiles, compress, stderrFile, timestamps }`,
   * as the Supervisor's `logFile`). Default `<state folder>/<daemon>.<service>.log`.
   */
  readonly logFile?: string | LogFileOptions;
  /** A node program that calls notifyReady() within `timeoutMs` (it gets an IPC channel). Default: off. */
  readonly readiness?: { readonly timeoutMs: number };
}

export interface StartDaemonOptions {
  /** The daemon's name: `<name>.pid`, `<name>.sock`, `<name>.log` in the state folder. */
  readonly name: string;
  /** The programs, started in this order (as a tree's children) and stopped in reverse. */
  readonly services: Readonly<Record<string, CommandServiceSpec>>;
  /** Default `'one-for-one'`. */
  readonly strategy?: TreeStrategy;
  /** Default: the tree's (5 restarts within 10 s). */
  readonly intensity?: TreeIntensity;
  /** The state folder. Default `stateHome()`. */
  readonly home?: string;
  /** Resolve only once every service with `readiness` is ready (not merely spawned). Default false. */
  readonly waitReady?: boolean;
  /** How long to wait for the guard to answer and its children to start, in ms. Default 30000. */
  readonly timeoutMs?: number;
}

/** What the guard receives: the options with every path absolute and the environment fixed. */
export interface CommandGuardSpec {
  readonly name: string;
  readonly paths: DaemonPaths;
  readonly services: Readonly<Record<string, CommandServiceSpec>>;
  readonly strategy?: TreeStrategy;
  readonly intensity?: TreeIntensity;
  readonly waitReady: boolean;
}

const parseService = createOptionsParser('startDaemon()', (z) => {
  const f = fieldSchemas(z);
  return z.strictObject({
    command: f.nonEmptyString(),
    args: z.optional(z.custom<string[]>((v) => Array.isArray(v) && v.every((a) => typeof a === 'string'), { error: 'an array of strings' })),
    cwd: z.optional(f.nonEmptyString()),
    env: z.optional(
      z.custom<Record<string, string | null>>(
        (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string' || x === null),
        { error: 'an object of strings (null removes a variable)' },
      ),
    ),
    instances: z.optional(f.positiveInteger()),
    restart: z.optional(f.oneOf(['permanent', 'transient', 'temporary'] as const)),
    policy: z.optional(
      z.custom<PolicySpec>((v) => v !== null && typeof v === 'object' && !Array.isArray(v) && 'preset' in v, {
        error: `an object { preset, options? } (preset: ${POLICY_SPEC_PRESETS.join(', ')})`,
      }),
    ),
    killSignal: z.optional(f.signal()),
    killTimeoutMs: z.optional(f.durationMs()),
    logFile: z.optional(
      z.custom<string | LogFileOptions>(
        (v) => (typeof v === 'string' && v !== '') || (v !== null && typeof v === 'object' && typeof (v as { path?: unknown }).path === 'string'),
        { error: 'a path, or an object { path, maxBytes?, maxFiles?, compress?, stderrFile?, timestamps? }' },
      ),
    ),
    readiness: z.optional(z.strictObject({ timeoutMs: f.positiveDurationMs() }, { error: 'an object { timeoutMs }' })),
  });
}) as (input: unknown, prefix?: string) => CommandServiceSpec;

export const parseStartDaemonOptions = createOptionsParser('startDaemon()', (z) => {
  const f = fieldSchemas(z);
  return z.strictObject({
    name: f.nonEmptyString(),
    services: f.plainObject(),
    strategy: z.optional(f.oneOf(TREE_STRATEGIES)),
    intensity: z.optional(
      z.strictObject({ maxRestarts: f.limit(), periodMs: f.positiveDurationMs() }, { error: 'an object { maxRestarts, periodMs }' }),
    ),
    home: z.optional(f.nonEmptyString()),
    waitReady: z.optional(f.boolean()),
    timeoutMs: z.optional(f.positiveDurationMs()),
  });
}) as (input: unknown) => StartDaemonOptions;

/** Each service checked, with its paths made absolute (against `cwd`) and its log file decided. */
export function resolveServices(options: StartDaemonOptions, paths: DaemonPaths, cwd: string): Record<string, CommandServiceSpec> {
  const path = process.getBuiltinModule('node:path');
  const entries = Object.entries(options.services);
  if (entries.length === 0) throw new InvalidOptionsError('startDaemon(): `services` is empty', 'services');
  return Object.fromEntries(
    entries.map(([name, input]) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) {
        throw new InvalidOptionsError(`startDaemon(): a service name is letters, digits, '.', '_', '-' (at most 100): ${JSON.stringify(name)}`, `services.${name}`);
      }
      const service = parseService(input, `services.${name}`);
      if (service.policy !== undefined && service.restart !== undefined) {
        throw new InvalidOptionsError(`startDaemon(): give \`services.${name}.restart\` or \`.policy\`, not both`, `services.${name}.restart`);
      }
      if (service.policy !== undefined) policyFromSpec(service.policy, `services.${name}.policy`);
      return [
        name,
        {
          ...service,
          cwd: path.resolve(cwd, service.cwd ?? '.'),
          logFile: absoluteLogFile(service.logFile ?? path.join(paths.dir, `${options.name}.${name}.log`), cwd),
        },
      ];
    }),
  );
}

/** A log file's paths made absolute against `cwd`; the rotation options are the Supervisor's to check. */
function absoluteLogFile(logFile: string | LogFileOptions, cwd: string): string | LogFileOptions {
  const path = process.getBuiltinModule('node:path');
  if (typeof logFile === 'string') return path.resolve(cwd, logFile);
  return {
    ...logFile,
    path: path.resolve(cwd, logFile.path),
    ...(logFile.stderrFile !== undefined ? { stderrFile: path.resolve(cwd, logFile.stderrFile) } : {}),
  };
}

/** The tree the guard runs: one child per service, in order. Built in the launcher too, to check it, never started there. */
export function commandTree(spec: CommandGuardSpec): SupervisorTree {
  const children: ChildSpec[] = Object.entries(spec.services).map(([name, s]) => {
    const env = s.env === undefined ? undefined : Object.fromEntries(Object.entries(s.env).map(([k, v]) => [k, v ?? undefined]));
    return {
      name,
      command: s.command,
      ...(s.args ? { args: s.args } : {}),
      ...(s.cwd ? { cwd: s.cwd } : {}),
      ...(env ? { env } : {}),
      ...(s.instances !== undefined ? { instances: s.instances } : {}),
      ...(s.restart !== undefined ? { restart: s.restart } : {}),
      ...(s.policy !== undefined ? { policy: policyFromSpec(s.policy, `services.${name}.policy`) } : {}),
      ...(s.killSignal !== undefined ? { killSignal: s.killSignal } : {}),
      ...(s.killTimeoutMs !== undefined ? { killTimeoutMs: s.killTimeoutMs } : {}),
      ...(s.readiness !== undefined ? { readiness: s.readiness, ipc: true } : {}),
      ...(s.logFile !== undefined ? { logFile: s.logFile } : { stdio: 'ignore' as const }),
    };
  });
  return new SupervisorTree({
    children,
    ...(spec.strategy !== undefined ? { strategy: spec.strategy } : {}),
    ...(spec.intensity !== undefined ? { intensity: spec.intensity } : {}),
  });
}
