import { withLint } from '../lint/attach.js';
import { decideRestart, initialRestartState } from './decide.js';
import { explainRestartOptions } from './explain.js';
import { lintRestartOptions } from './lint.js';
import { resolveRestartPolicyOptions } from './options.js';
import type { RestartPolicy, RestartPolicyOptions, RestartPolicyState } from './types.js';
import type { PolicyContext, RunRecord } from '../types.js';

export type { RestartPolicy, RestartPolicyOptions, RestartPolicyState, ResolvedRestartPolicyOptions } from './types.js';

/**
 * The modern policy: systemd's Restart= modes, exit-code overrides, a minimum uptime, three limits and a backoff.
 * Rules apply in one chain: requested stop > preventExitCodes > forceExitCodes > restart mode > limits > delay.
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
