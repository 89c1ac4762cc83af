import { plural } from '../describe.js';
import { joinClauses } from '../explain-phrases.js';
import type { ResolvedXdaemonPolicyOptions } from './types.js';

/** xdaemonPolicy()'s explain(). */
export function explainXdaemon(o: ResolvedXdaemonPolicyOptions): string {
  return joinClauses([
    'restarts after every exit, at once',
    `a run under ${o.minExitTime} s or a spawn failure is a failure`,
    `gives up after ${plural(o.maxError + 1, 'failure')} in a row`,
    o.maxCount > 0 ? `completes after ${plural(o.maxCount, 'run')}` : '',
  ]);
}
