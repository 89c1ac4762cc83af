import { plural } from '../../describe.js';
import { describeBackoff, describeCodes, formatDuration, joinClauses } from '../../explain-phrases.js';
import { PM2_EXP_BACKOFF } from './decide.js';
import type { ResolvedPm2PresetOptions } from './types.js';

/** presets.pm2()'s explain(). */
export function explainPm2(o: ResolvedPm2PresetOptions): string {
  if (!o.autorestart) return 'never restarts (autorestart false)';
  return joinClauses([
    'restarts after every exit',
    o.stopExitCodes.length > 0 ? `never after ${describeCodes(o.stopExitCodes)}` : '',
    `gives up after ${plural(Math.max(o.maxRestarts, 1), 'run')} in a row under ${formatDuration(o.minUptime)}`,
    o.expBackoffRestartDelay === undefined ? describeBackoff(o.restartDelay) : describeExpBackoff(o.expBackoffRestartDelay),
  ]);
}

// Exactly pm2's rule, which holds for any start (a start above 15 s is used once, then 15 s).
function describeExpBackoff(start: number): string {
  const { maxMs, resetAfterMs } = PM2_EXP_BACKOFF;
  return `waits ${formatDuration(start)}, then 1.5 times the previous delay (rounded down) up to ${formatDuration(maxMs)}, back to ${formatDuration(start)} after more than ${formatDuration(resetAfterMs)} up`;
}
