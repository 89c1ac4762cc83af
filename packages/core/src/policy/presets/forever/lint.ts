import { warn, type PolicyWarning } from '../../lint/warning.js';
import type { ResolvedForeverPresetOptions } from './types.js';

/** presets.forever()'s checks, pure. */
export function lintForever(o: ResolvedForeverPresetOptions): PolicyWarning[] {
  const warnings: PolicyWarning[] = [];
  if (o.max <= 1) {
    warnings.push(warn('never-restarts', 'max', `max ${o.max} counts runs, the first included: the script runs once and is never restarted (max 2 allows one restart)`));
  }
  if (o.spinSleepTime !== undefined && o.minUptime === 0) {
    warnings.push(warn('no-effect', 'spinSleepTime', 'spinSleepTime has no effect with minUptime 0: no run is spinning'));
  }
  return warnings;
}
