import { warn, type PolicyWarning } from '../lint/warning.js';
import type { ResolvedXdaemonPolicyOptions } from './types.js';

/** xdaemonPolicy()'s checks, pure. */
export function lintXdaemon(o: ResolvedXdaemonPolicyOptions): PolicyWarning[] {
  if (o.maxCount === 1) {
    return [warn('never-restarts', 'maxCount', 'maxCount 1 counts runs, the first included: the command runs once and is never restarted')];
  }
  return o.maxError === 0
    ? [warn('gives-up-at-first-failure', 'maxError', `maxError 0 gives up at the first failure: a failed run (shorter than minExitTime ${o.minExitTime} s, not spawned, or stopped as unhealthy) is never restarted`)]
    : [];
}
