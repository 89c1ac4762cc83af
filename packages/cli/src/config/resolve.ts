import { basename, resolve } from 'node:path';
import type { z } from 'zod';
import type { CommandServiceSpec, PolicySpec, StartDaemonOptions } from '@daemonkit/core';
import { UsageError } from '../errors.js';
import { parseDuration } from '../parse/duration.js';
import { parseSize } from '../parse/size.js';
import { didYouMean } from '../parse/suggest.js';
import { reviveOptions } from '../policy/from-spec.js';
import { toLogFile, type LogFileOptions } from './log-file.js';
import { appSchema, configSchema, logsSchema, policySpecSchema, type RawApp, type RawConfig } from './schema.js';

/** A config checked and made absolute: durations in ms, sizes in bytes, paths from the config file's folder. */
export interface ResolvedConfig {
  readonly name: string;
  readonly strategy?: StartDaemonOptions['strategy'];
  readonly intensity?: { maxRestarts: number; periodMs: number };
  readonly apps: Readonly<Record<string, ResolvedApp>>;
}

/** An app as the control plane's startDaemon() takes it, but for its log settings, which toLogFile() turns into `logFile`. */
export type ResolvedApp = Omit<CommandServiceSpec, 'logFile'> & { readonly logFile?: string | LogFileOptions };

/**
 * Checks a parsed config file (any JSON value) against the schema and resolves it. Errors are UsageErrors naming
 * the path: `apps.web.instances: expected a positive integer, got 0`. `where` names the file in messages.
 */
export function resolveConfig(input: unknown, options: { readonly dir: string; readonly where?: string }): ResolvedConfig {
  const where = options.where ?? 'daemonkit.config.json';
  const result = configSchema.safeParse(input);
  if (!result.success) throw new UsageError(`${where}: ${formatIssue(result.error.issues, input)}`);
  const raw: RawConfig = result.data;
  const apps: Record<string, ResolvedApp> = {};
  for (const [name, app] of Object.entries(raw.apps)) apps[name] = resolveApp(app, `apps.${name}`, options.dir, where);
  return {
    name: raw.name ?? (basename(options.dir).replace(/[^A-Za-z0-9._-]/g, '-') || 'daemonkit'),
    ...(raw.strategy === undefined ? {} : { strategy: raw.strategy }),
    ...(raw.intensity === undefined
      ? {}
      : { intensity: { maxRestarts: raw.intensity.maxRestarts, periodMs: toMs(raw.intensity.period) } }),
    apps,
  };
}

function resolveApp(app: RawApp, path: string, dir: string, where: string): ResolvedApp {
  if (app.restart !== undefined && app.policy !== undefined) {
    throw new UsageError(`${where}: ${path}: give \`restart\` or \`policy\`, not both (a policy decides restarts itself)`);
  }
  const policy: PolicySpec | undefined =
    app.policy === undefined ? undefined : typeof app.policy === 'string' ? { preset: app.policy as PolicySpec['preset'] } : (app.policy as PolicySpec);
  // `null` removes a variable, in the config and in the core alike (JSON has no undefined).
  const env = app.env;
  return {
    command: app.command,
    ...(app.args === undefined ? {} : { args: app.args }),
    cwd: resolve(dir, app.cwd ?? '.'),
    ...(env === undefined ? {} : { env }),
    ...(app.instances === undefined ? {} : { instances: app.instances }),
    ...(app.restart === undefined ? {} : { restart: app.restart }),
    ...(policy === undefined ? {} : { policy }),
    ...(app.killSignal === undefined ? {} : { killSignal: app.killSignal as NodeJS.Signals }),
    ...(app.killTimeout === undefined ? {} : { killTimeoutMs: toMs(app.killTimeout) }),
    ...(app.logs === undefined ? {} : { logFile: resolveLogs(app.logs, dir) }),
  };
}

function resolveLogs(logs: NonNullable<RawApp['logs']>, dir: string): string | LogFileOptions {
  if (typeof logs === 'string') return resolve(dir, logs);
  return {
    path: resolve(dir, logs.file),
    ...(logs.stderrFile === undefined ? {} : { stderrFile: resolve(dir, logs.stderrFile) }),
    ...(logs.maxSize === undefined ? {} : { maxBytes: typeof logs.maxSize === 'number' ? logs.maxSize : parseSize(logs.maxSize) }),
    ...(logs.maxFiles === undefined ? {} : { maxFiles: logs.maxFiles }),
    ...(logs.compress === undefined ? {} : { compress: logs.compress }),
    ...(logs.timestamps === undefined ? {} : { timestamps: logs.timestamps }),
  };
}

const toMs = (v: number | string): number => (typeof v === 'number' ? v : parseDuration(v));


/**
 * The options of the control plane's startDaemon() for a config: one guard named as the config, running its apps
 * as one tree; an app without `logs` logs where the core says (`<home>/<name>.<app>.log`). Unlimited policy values
 * (`"Infinity"` in JSON) become Infinity, which reaches the guard as such.
 */
export function configToDaemonOptions(
  config: ResolvedConfig,
  options: { readonly home: string; readonly waitReady?: boolean },
): StartDaemonOptions {
  const services: Record<string, CommandServiceSpec> = {};
  for (const [name, { logFile, policy, ...app }] of Object.entries(config.apps)) {
    services[name] = {
      ...app,
      ...(policy === undefined ? {} : { policy: { preset: policy.preset, options: reviveOptions(policy.options ?? {}) as Record<string, unknown> } }),
      ...(logFile === undefined ? {} : { logFile: toLogFile(logFile) }),
    };
  }
  return {
    name: config.name,
    services,
    ...(config.strategy === undefined ? {} : { strategy: config.strategy }),
    ...(config.intensity === undefined ? {} : { intensity: config.intensity }),
    home: options.home,
    ...(options.waitReady === undefined ? {} : { waitReady: options.waitReady }),
  };
}

/** The first issue as one line: the path, then what was expected, with the nearest key for an unknown one. */
function formatIssue(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
  if (!issue) return 'invalid config';
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const known = knownKeys(issue.path);
    return `${path ? `${path}.` : ''}${key}: unknown key${didYouMean(key, known, (s) => `\`${s}\``)}`;
  }
  const got = valueAt(input, issue.path);
  const message = issue.message
    .replace(/^Invalid input: /, '')
    .replace(/^expected /, '')
    .replace(/, received \w+$/, '');
  return `${path || '(top level)'}: expected ${message}${got === undefined ? ', got nothing' : `, got ${JSON.stringify(got)}`}`;
}

function knownKeys(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(configSchema.shape);
  if (path[0] === 'apps' && path.length === 2) return Object.keys(appSchema.shape);
  if (path[0] === 'apps' && path[2] === 'logs') return Object.keys(logsSchema.shape);
  if (path[0] === 'apps' && path[2] === 'policy') return Object.keys(policySpecSchema.shape);
  if (path[0] === 'intensity') return ['maxRestarts', 'period'];
  return [];
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
