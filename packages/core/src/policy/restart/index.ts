import { withLint } from '../lint/attach.js';
import { decideRestart, initialRestartState } from './decide.js';
import { explainRestartOptions } from './explain.js';
import { lintRestartOptions } from './lint.js';
import { resolveRestartPolicyOptions } from './options.js';
import type { RestartPolicy, RestartPolicyOptions, RestartPolicyState } from './types.js';
import type { PolicyContext, RunRecord } from '../types.js';

export type { RestartPolicy, RestartPolicyOptions, RestartPolicyState, ResolvedRestartPolicyOptions } from './types.js';

/**
 * The modern policy: systemd's Restart= modes, exit-code overrides, a minimum uptime, limits and a backoff. Rules
 * apply in one chain:
 *
 * 1. a requested stop stops;
 * 2. the `maxSpawnFailures`-th permanent spawn failure in a row (ENOENT, EACCES, ...: `PERMANENT_SPAWN_ERRORS`)
 *    gives up, whatever the rules below say;
 * 3. an exit code in `preventExitCodes` stops;
 * 4. an exit code in `forceExitCodes` goes on to the limits whatever `restart` says;
 * 5. otherwise the `restart` mode decides whether to restart;
 * 6. a restart gives up when a limit is reached (`maxConsecutiveFailures`, then `maxRestarts`, then `window`);
 * 7. else the backoff gives the delay.
 *
 * @example
 * const policy = restartPolicy({ restart: 'always', maxConsecutiveFailures: 5, backoff: { initialMs: 200 } });
 */
export function restartPolicy(options?: RestartPolicyOptions): RestartPolicy {
  const resolved = resolveRestartPolicyOptions(options);
  const policy: RestartPolicy = {
    name: `restartPolicy(${resolved.restart})`,
    options: resolved,
    initialState: initialRestartState,
    decide: (state: RestartPolicyState, run: RunRecord, context: PolicyContext) => decideRestart(resolved, state, run, context),
    explain: () => explainRestartOptions(resolved),
  };
  return withLint(policy, () => lintRestartOptions(resolved));
}
