import type { ResolvedSupervisorOptions } from '../options/supervisor-options.js';
import { childEnv } from '../process/child-env.js';
import { heartbeatIntervalMs, SUPERVISED_ENV } from '../worker/messages.js';
import type { SpawnSpec } from './seams.js';

/**
 * What every run of a supervisor starts: built once by start(). The environment is `process.env` at that moment with
 * `env` merged over it (`undefined` removes a variable); `logFd`, when given, receives stdout and stderr.
 */
export function buildSpawnSpec(o: ResolvedSupervisorOptions, logFd: number | undefined): SpawnSpec {
  const env = childEnv(o.env);
  if (o.ipc) env[SUPERVISED_ENV] = String(heartbeatIntervalMs(o.health?.watchdog?.timeoutMs));
  const base = { command: o.command, args: o.args, cwd: o.cwd, env, ipc: o.ipc };
  if (logFd !== undefined) return { ...base, stdio: ['ignore', logFd, logFd] };
  return { ...base, stdio: [o.stdio, o.stdio, o.stdio] };
}
