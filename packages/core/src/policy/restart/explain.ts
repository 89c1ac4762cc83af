import { modeRestarts } from '../classify-exit.js';
import { plural } from '../describe.js';
import { MODE_PHRASES, describeBackoff, describeCodes, describeWindow, formatDuration, joinClauses } from '../explain-phrases.js';
import { PERMANENT_SPAWN_ERRORS } from '../spawn-errors.js';
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
    spawnFailureClause(o),
    Number.isFinite(o.maxConsecutiveFailures) ? `gives up after ${plural(failures, 'consecutive failure')}` : '',
    Number.isFinite(o.maxRestarts) ? `gives up after ${plural(o.maxRestarts, 'restart')} in total` : '',
    o.window ? describeWindow(o.window) : '',
  ];
}

// Only where the mode restarts a spawn failure at all: elsewhere the first one stops anyway.
function spawnFailureClause(o: ResolvedRestartPolicyOptions): string {
  if (!Number.isFinite(o.maxSpawnFailures) || !modeRestarts(o.restart, 'spawn-failed')) return '';
  // Spawn failures are failures and restarts too: a lower limit on those (or a window of 0) gives up first.
  const first = Math.max(o.maxConsecutiveFailures, 1) < o.maxSpawnFailures || o.maxSpawnFailures - 1 > o.maxRestarts || o.window?.maxRestarts === 0;
  if (first) return '';
  const codes = `(${PERMANENT_SPAWN_ERRORS.slice(0, 2).join(', ')}, ...)`;
  return o.maxSpawnFailures <= 1
    ? `gives up at the first permanent spawn failure ${codes}`
    : `gives up after ${o.maxSpawnFailures} permanent spawn failures in a row ${codes}`;
}
