import type { Policy } from './types.js';

/**
 * What a policy will do, in a short plain-English sentence: the policy's own `explain()` when it has one, otherwise
 * `custom policy "<name>"`. Pure: it reads the policy's settings, never runs it.
 *
 * @example
 * explainPolicy(restartPolicy({ window: { maxRestarts: 5, periodMs: 10_000 }, backoff: { jitter: 0 } }));
 * // "restarts on failure; gives up after 5 restarts within 10 s; waits 100 ms, doubling to 30 s, back to 100 ms after 30 s up"
 */
// A policy of any state can be explained; `any` as in SupervisorOptions['policy'].
export function explainPolicy(policy: Policy<any>): string {
  return typeof policy.explain === 'function' ? policy.explain() : `custom policy "${policy.name}"`;
}
