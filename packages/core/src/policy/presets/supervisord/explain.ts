import { plural } from '../../describe.js';
import { describeCodes, joinClauses } from '../../explain-phrases.js';
import type { ResolvedSupervisordPresetOptions } from './types.js';

/** presets.supervisord()'s explain(). */
export function explainSupervisord(o: ResolvedSupervisordPresetOptions): string {
  const whenRunning =
    o.autorestart === true
      ? 'restarts at once after every exit from RUNNING'
      : o.autorestart === false
        ? 'never restarts after an exit from RUNNING'
        : `restarts at once after an unexpected exit from RUNNING (not ${describeCodes(o.exitcodes)})`;
  return joinClauses([
    whenRunning,
    `a run under ${o.startsecs} s is a failed start, retried after 1 s, 2 s, 3 s...`,
    `gives up (FATAL) when ${plural(o.startretries + 1, 'start')} in a row failed`,
  ]);
}
