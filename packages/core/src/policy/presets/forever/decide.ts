import { describeRun, formatMs, plural } from '../../describe.js';
import { uptimeOf } from '../../outcomes.js';
import type { PolicyStep, RunRecord } from '../../types.js';
import { failedRun, restartStep, stopStep } from '../define-preset.js';
import type { ForeverState, ResolvedForeverPresetOptions } from './types.js';

/** forever-monitor's decision for a run it did not ask to end; pure. See presets.forever(). */
export function decideForever(o: ResolvedForeverPresetOptions, state: ForeverState, run: RunRecord): PolicyStep<ForeverState> {
  const times = state.times + 1;
  const ended = describeRun(run);
  if (run.outcome.kind === 'spawn-failed') return stopStep({ times }, true, true, `${ended}; forever does not retry a spawn failure`);
  const spinning = uptimeOf(run) < o.minUptime;
  const failure = failedRun(run, spinning);
  if (times >= o.max) return stopStep({ times }, failure, true, `${plural(times, 'run')} (max ${o.max}); last run ${ended}`);
  if (spinning && o.spinSleepTime === undefined) {
    return stopStep({ times }, failure, true, `spinning: ${ended}, under minUptime ${formatMs(o.minUptime)}, and no spinSleepTime`);
  }
  return spinning
    ? restartStep({ times }, o.spinSleepTime ?? 0, failure, `spinning: ${ended}, under minUptime ${formatMs(o.minUptime)}`)
    : restartStep({ times }, 0, failure, ended);
}
