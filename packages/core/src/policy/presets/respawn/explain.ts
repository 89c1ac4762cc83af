import { plural } from '../../describe.js';
import { describeBackoff, formatDuration, joinClauses } from '../../explain-phrases.js';
import type { ResolvedRespawnPresetOptions, RespawnSleep } from './types.js';

/** presets.respawn()'s explain(). */
export function explainRespawn(o: ResolvedRespawnPresetOptions): string {
  return joinClauses([
    'restarts after every exit',
    Number.isFinite(o.maxRestarts) ? `gives up after ${plural(o.maxRestarts, 'restart')} within 60 s of run time` : '',
    'gives up on a spawn failure',
    describeSleep(o.sleep),
  ]);
}

function describeSleep(sleep: RespawnSleep): string {
  if (typeof sleep === 'number') return describeBackoff(sleep);
  if (typeof sleep === 'function') return 'waits as its sleep function says';
  return `waits ${sleep.map((ms) => formatDuration(ms)).join(', ')}, then ${formatDuration(sleep[sleep.length - 1] ?? 0)} each time`;
}
