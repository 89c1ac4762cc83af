import type { ParsedSupervisorOptions } from './options.js';
import { childEnv, definedEnv } from '../process/child-env.js';
import { heartbeatIntervalMs, SUPERVISED_ENV } from '../worker/messages.js';
import type { SpawnSpec } from '../process/seams.js';

export type SpawnBase = Omit<SpawnSpec, 'stdio'>;

/**
 * What every run of a supervisor starts, built by start(): the environment is `process.env` at that moment with `env`
 * merged over it (`undefined` removes a variable), or `env` alone with `extendEnv: false`.
 */
export function buildSpawnBase(o: ParsedSupervisorOptions): SpawnBase {
  const env = o.extendEnv ? childEnv(o.env) : definedEnv(o.env);
  if (o.ipc) env[SUPERVISED_ENV] = String(heartbeatIntervalMs(o.health?.watchdog?.timeoutMs));
  return { command: o.command, args: o.args, cwd: o.cwd, env, ipc: o.ipc };
}

/** The spec of one spawn: with a log file, the stdio its run log gives (descriptors, or pipes to the supervisor). */
export function specFor(base: SpawnBase, o: ParsedSupervisorOptions, logStdio: SpawnSpec['stdio'] | undefined): SpawnSpec {
  const stdio: SpawnSpec['stdio'] = logStdio ?? [o.stdio, o.stdio, o.stdio];
  // Field by field rather than a spread: this runs on every restart, and V8 copies a literal faster.
  return { command: base.command, args: base.args, cwd: base.cwd, env: base.env, ipc: base.ipc ?? false, killSignal: o.killSignal, stdio };
}
