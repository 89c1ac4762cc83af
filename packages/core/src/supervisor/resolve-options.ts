import { parseSupervisorOptions, type ParsedSupervisorOptions, type SupervisorOptions } from './options.js';
import { restartPolicy } from '../policy/restart/index.js';
import type { Policy } from '../policy/types.js';
import { nodeSpawner } from '../process/node-spawner.js';
import { systemClock } from '../process/system-clock.js';
import type { Clock, Spawner } from '../process/seams.js';
import { nodeLogFs, type LogFs } from '../logs/log-fs.js';

/** Supervisor options checked, with every default filled in, the real spawner and clock included. */
export interface ResolvedSupervisorOptions extends ParsedSupervisorOptions {
  readonly policy: Policy<unknown>;
  readonly spawner: Spawner;
  readonly clock: Clock;
  readonly logFs: LogFs;
}

/** Checks Supervisor options and wires the defaults. Throws `InvalidOptionsError` naming the first bad option. */
export function resolveSupervisorOptions(input: SupervisorOptions): ResolvedSupervisorOptions {
  const o = parseSupervisorOptions(input);
  return Object.freeze({
    ...o,
    policy: o.policy ?? restartPolicy(),
    spawner: o.spawner ?? nodeSpawner,
    clock: o.clock ?? systemClock,
    logFs: o.logFs ?? nodeLogFs,
  });
}
