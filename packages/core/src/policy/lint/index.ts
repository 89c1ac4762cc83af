import { InvalidOptionsError } from '../../errors.js';
import { lintRestartOptions } from '../restart/lint.js';
import { resolveRestartPolicyOptions } from '../restart/options.js';
import type { ResolvedRestartPolicyOptions, RestartPolicyOptions } from '../restart/types.js';
import type { PolicyWarning } from './warning.js';

export type { PolicyWarning, PolicyWarningCode } from './warning.js';

/**
 * Checks `restartPolicy()` options for settings that can never take effect or that surprise people, and returns
 * them as data; it never throws (invalid options come back as one `invalid-option` warning). An empty array means
 * nothing was found.
 *
 * @example
 * lintPolicy({ backoff: { initialMs: 5000, maxMs: 1000 } });
 * // [{ code: 'backoff-max-below-initial', option: 'backoff.maxMs', message: '...' }]
 */
export function lintPolicy(options: RestartPolicyOptions = {}): PolicyWarning[] {
  let o: ResolvedRestartPolicyOptions;
  try {
    o = resolveRestartPolicyOptions(options);
  } catch (error) {
    if (!(error instanceof InvalidOptionsError)) throw error;
    return [{ code: 'invalid-option', option: error.option, message: error.message }];
  }
  return lintRestartOptions(o, options);
}

