import type { Backoff } from '../../backoff.js';
import { plural } from '../../describe.js';
import { describeBackoff, describeCodes, formatDuration, joinClauses } from '../../explain-phrases.js';
import type { ResolvedPm2PresetOptions } from './types.js';

/** presets.pm2()'s explain(). */
export function explainPm2(o: ResolvedPm2PresetOptions, backoff: Backoff): string {
  return joinClauses([
    o.autorestart ? 'restarts after every exit' : 'never restarts (autorestart false)',
    o.autorestart && o.stopExitCodes.length > 0 ? `never after ${describeCodes(o.stopExitCodes)}` : '',
    o.autorestart ? `gives up after ${plural(Math.max(o.maxRestarts, 1), 'run')} in a row under ${formatDuration(o.minUptime)}` : '',
    o.autorestart ? describeBackoff(backoff) : '',
  ]);
}
