import { InvalidOptionsError } from '../../errors.js';
import { lintRestartOptions } from '../restart/lint.js';
import { resolveRestartPolicyOptions } from '../restart/options.js';
import type { ResolvedRestartPolicyOptions, RestartPolicyOptions } from '../restart/types.js';
import type { Policy } from '../types.js';
import { linterOf } from './attach.js';
import type { PolicyWarning } from './warning.js';

export type { PolicyWarning, PolicyWarningCode } from './warning.js';

/**
 * Lists settings that can never take effect or that surprise people, as data; an empty array means nothing was
 * found. It takes either:
 *
 * - `restartPolicy()` options (any object without `decide`): invalid ones come back as one `invalid-option` warning;
 * - a policy: a `restartPolicy()` result is linted on its resolved options, `xdaemonPolicy()` and each preset on its
 *   own (peer-named) options, and a custom policy gives `[]`.
 *
 * It never throws.
 *
 * @example
 * lintPolicy({ backoff: { initialMs: 5000, maxMs: 1000 } });
 * // [{ code: 'backoff-max-below-initial', option: 'backoff.maxMs', message: '...' }]
 * lintPolicy(presets.forever({ max: 1 }));
 * // [{ code: 'never-restarts', option: 'max', message: 'max 1 counts runs, the first included: ...' }]
 */
// A policy of any state can be linted; `any` as in SupervisorOptions['policy'].
export function lintPolicy(policyOrOptions: Policy<any> | RestartPolicyOptions = {}): PolicyWarning[] {
  const input: unknown = policyOrOptions;
  if (input !== null && typeof input === 'object' && 'decide' in input) {
    const lint = linterOf(input);
    return lint ? [...lint()] : [];
  }
  let o: ResolvedRestartPolicyOptions;
  try {
    o = resolveRestartPolicyOptions(input as RestartPolicyOptions);
  } catch (error) {
    if (!(error instanceof InvalidOptionsError)) throw error;
    return [{ code: 'invalid-option', option: error.option, message: error.message }];
  }
  return lintRestartOptions(o);
}
