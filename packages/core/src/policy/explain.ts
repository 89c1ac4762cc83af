import { describeValue } from '../options/describe-value.js';
import { explainRestartOptions } from './restart/explain.js';
import { resolveRestartPolicyOptions } from './restart/options.js';
import type { RestartPolicyOptions } from './restart/types.js';
import type { Policy } from './types.js';

const EXPECTED = 'a policy (an object with initialState() and decide()) or restartPolicy() options (an object without decide)';

/**
 * What a policy will do, in a short plain-English sentence: the policy's own `explain()` when it has one, otherwise
 * `custom policy "<name>"`. Pure: it reads the policy's settings, never runs it.
 *
 * Given `restartPolicy()` options instead (any object without `decide`), it explains the policy they make, and throws
 * the same `InvalidOptionsError` as `restartPolicy()` when they are invalid. Anything else is a `TypeError`.
 *
 * @example
 * explainPolicy(restartPolicy({ window: { maxRestarts: 5, periodMs: 10_000 }, backoff: { jitter: 0 } }));
 * explainPolicy({ window: { maxRestarts: 5, periodMs: 10_000 }, backoff: { jitter: 0 } }); // the same sentence
 */
// A policy of any state can be explained; `any` as in SupervisorOptions['policy'].
export function explainPolicy(policyOrOptions: Policy<any> | RestartPolicyOptions): string {
  const input: unknown = policyOrOptions;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new TypeError(`explainPolicy(): expected ${EXPECTED}, got ${describeValue(input)}`);
  }
  if (!('decide' in input)) return explainRestartOptions(resolveRestartPolicyOptions(input as RestartPolicyOptions));
  const policy = input as Partial<Record<keyof Policy, unknown>>;
  if (typeof policy.decide !== 'function' || typeof policy.initialState !== 'function') {
    throw new TypeError(`explainPolicy(): expected ${EXPECTED}, got ${describeValue(input)}`);
  }
  if (typeof policy.explain === 'function') return String(policy.explain());
  return typeof policy.name === 'string' ? `custom policy "${policy.name}"` : 'custom policy (no name)';
}
