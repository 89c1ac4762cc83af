import { plural } from '../describe.js';
import { MODE_PHRASES, describeBackoff, describeCodes, describeWindow, formatDuration, joinClauses } from '../explain-phrases.js';
import type { ResolvedRestartPolicyOptions } from './types.js';

/** restartPolicy()'s explain(): its rules in the order they apply. */
export function explainRestartOptions(o: ResolvedRestartPolicyOptions): string {
  const restarts = o.restart !== 'never' || o.forceExitCodes.length > 0;
  const clean = o.successExitCodes.length === 1 && o.successExitCodes[0] === 0 ? '' : `${describeCodes(o.successExitCodes)} count as clean`;
  return joinClauses([
    MODE_PHRASES[o.restart],
    o.forceExitCodes.length > 0 ? `always after ${describeCodes(o.forceExitCodes)}` : '',
    o.preventExitCodes.length > 0 ? `never after ${describeCodes(o.preventExitCodes)}` : '',
    clean,
    o.minUptimeMs > 0 ? `a run under ${formatDuration(o.minUptimeMs)} is a failure` : '',
    ...(restarts ? limitClauses(o) : []),
    restarts ? describeBackoff(o.backoff) : '',
  ]);
}

function limitClauses(o: ResolvedRestartPolicyOptions): string[] {
  const failures = Math.max(o.maxConsecutiveFailures, 1);
  return [
    Number.isFinite(o.maxConsecutiveFailures) ? `gives up after ${plural(failures, 'consecutive failure')}` : '',
    Number.isFinite(o.maxRestarts) ? `gives up after ${plural(o.maxRestarts, 'restart')} in total` : '',
    o.window ? describeWindow(o.window) : '',
  ];
}
