import { InvalidOptionsError } from '../errors.js';
import { fieldSchemas } from '../options/field-schemas.js';
import { createOptionsParser } from '../options/parse-options.js';
import type { LogFileOptions } from '../logs/types.js';
import { checkLogFile } from '../supervisor/log-file-options.js';
import type { ChildSpec } from '../tree/options.js';
import { resolveLogFile } from '../logs/types.js';
import { SupervisorTree } from '../tree/supervisor-tree.js';
import type { CommandService, DaemonServicesOptions, ServiceSpec } from './options.js';
import { relaunchCommand } from './relaunch.js';
import { workerSpawner } from './worker-spawner.js';

const parseService = createOptionsParser('daemon()', (z) => {
  const f = fieldSchemas(z);
  const timeout = () => z.optional(z.strictObject({ timeoutMs: f.positiveDurationMs() }, { error: 'an object { timeoutMs }' }));
  return z.strictObject({
    instances: z.optional(f.positiveInteger()),
    restart: z.optional(f.oneOf(['permanent', 'transient', 'temporary'] as const)),
    policy: z.optional(f.policy()),
    readiness: timeout(),
    watchdog: timeout(),
    maxMemoryBytes: z.optional(f.positiveInteger()),
    killSignal: z.optional(f.signal()),
    killTimeoutMs: z.optional(f.durationMs()),
    logFile: z.optional(z.custom<string | LogFileOptions>((v) => typeof v === 'string' || (v !== null && typeof v === 'object'), { error: 'a path or { path, maxBytes?, ... }' })),
    command: z.optional(f.nonEmptyString()),
    args: z.optional(z.custom<string[]>((v) => Array.isArray(v) && v.every((a) => typeof a === 'string'), { error: 'an array of strings' })),
    cwd: z.optional(f.nonEmptyString()),
    env: z.optional(f.plainObject()),
  });
});

/** `app.log` -> `app.web.log`: a service's log beside the daemon's, named after it. */
function serviceLogFile(logFile: string, service: string): string {
  const dot = logFile.lastIndexOf('.');
  const slash = logFile.lastIndexOf('/');
  return dot > slash + 1 ? `${logFile.slice(0, dot)}.${service}${logFile.slice(dot)}` : `${logFile}.${service}`;
}

function defaultServiceLog(options: DaemonServicesOptions, name: string): string | undefined {
  return options.logFile === undefined ? undefined : serviceLogFile(options.logFile, name);
}

/** Where each service's output goes (the path): its own `logFile`, or one beside the daemon's named after it. */
export function serviceLogFiles(options: DaemonServicesOptions): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, service] of Object.entries(options.services)) {
    const file = (service as ServiceSpec).logFile ?? defaultServiceLog(options, name);
    if (file !== undefined) files.set(name, resolveLogFile(file).path);
  }
  return files;
}

/**
 * The tree a multi-service daemon's guard runs: each service a child, in the order given. A worker service runs copies
 * of this program, told their service, replica and attempt through the marker; a command service runs its command.
 * Built in the launcher too (never started there), so that every mistake is thrown in the terminal.
 */
export function buildServiceTree(options: DaemonServicesOptions, generation: number): SupervisorTree {
  const self = relaunchCommand();
  const children: ChildSpec[] = Object.entries(options.services).map(([name, input]) => {
    const service = parseService(input, `services.${name}`) as ServiceSpec;
    if (name.length > 100) throw new InvalidOptionsError(`daemon(): service names are at most 100 characters: ${JSON.stringify(name)}`, `services.${name}`);
    if (!('command' in service)) {
      const misplaced = (['args', 'cwd', 'env'] as const).find((key) => (service as Record<string, unknown>)[key] !== undefined);
      if (misplaced) {
        throw new InvalidOptionsError(
          `daemon(): \`services.${name}.${misplaced}\` belongs to a service with a \`command\`; a worker service runs this program with its own arguments`,
          `services.${name}.${misplaced}`,
        );
      }
    }
    const { instances, restart, policy, readiness, watchdog, maxMemoryBytes, logFile } = service;
    if (logFile !== undefined) checkLogFile('daemon()', logFile, `services.${name}.logFile`);
    const killSignal = service.killSignal ?? options.killSignal;
    const killTimeoutMs = service.killTimeoutMs ?? options.killTimeoutMs;
    const output = logFile ?? defaultServiceLog(options, name);
    const common = {
      name,
      ...(instances !== undefined ? { instances } : {}),
      ...(restart !== undefined ? { restart } : {}),
      ...(policy !== undefined ? { policy } : {}),
      ...(readiness !== undefined ? { readiness } : {}),
      ...(watchdog !== undefined ? { watchdog } : {}),
      ...(maxMemoryBytes !== undefined ? { maxMemoryBytes } : {}),
      ...(killSignal !== undefined ? { killSignal } : {}),
      ...(killTimeoutMs !== undefined ? { killTimeoutMs } : {}),
      ...(output === undefined ? { stdio: 'ignore' as const } : { logFile: output }),
    };
    if ('command' in service && service.command !== undefined) {
      const { command, args, cwd, env } = service as CommandService;
      return { ...common, command, ...(args ? { args } : {}), ...(cwd ? { cwd } : {}), ...(env ? { env } : {}) };
    }
    // The channel links each worker's life to the guard's, and carries readiness, heartbeats and shutdown.
    return { ...common, command: self.command, args: self.args, ipc: true, spawner: workerSpawner(generation, name, instances !== undefined) };
  });
  return new SupervisorTree({
    children,
    ...(options.strategy !== undefined ? { strategy: options.strategy } : {}),
    ...(options.intensity !== undefined ? { intensity: options.intensity } : {}),
  });
}

/** The worker services: those that run copies of this program (no `command`), whose workers get forwarded signals. */
export function workerServices(options: DaemonServicesOptions): string[] {
  return Object.entries(options.services).filter(([, service]) => !('command' in service && service.command !== undefined)).map(([name]) => name);
}
