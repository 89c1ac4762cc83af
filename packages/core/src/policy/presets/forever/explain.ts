import { plural } from '../../describe.js';
import { formatDuration, joinClauses } from '../../explain-phrases.js';
import type { ResolvedForeverPresetOptions } from './types.js';

/** presets.forever()'s explain(). */
export function explainForever(o: ResolvedForeverPresetOptions): string {
  return joinClauses([
    'restarts after every exit, at once',
    o.minUptime > 0 && o.spinSleepTime !== undefined
      ? `waits ${formatDuration(o.spinSleepTime)} after a run under ${formatDuration(o.minUptime)}`
      : '',
    o.minUptime > 0 && o.spinSleepTime === undefined ? `gives up after a run under ${formatDuration(o.minUptime)}` : '',
    Number.isFinite(o.max) ? `gives up after ${plural(o.max, 'run')}` : '',
  ]);
}
