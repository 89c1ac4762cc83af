import { uptimeOf } from '../outcomes.js';
import {
  resolveForeverPresetOptions,
  type ForeverPresetOptions,
  type ResolvedForeverPresetOptions,
} from '../../options/forever-preset-options.js';
import { describeRun, formatMs, plural } from '../describe.js';
import { formatDuration, joinClauses } from '../explain-phrases.js';
import type { PolicyStep, RunRecord } from '../types.js';
import { definePreset, failedRun, restartStep, stopStep, type PresetPolicy } from './define-preset.js';

export interface ForeverState {
  /** forever-monitor's `times`: runs so far. */
  readonly times: number;
}

export type ForeverPolicy = PresetPolicy<ForeverState, ResolvedForeverPresetOptions>;

/**
 * forever-monitor's Monitor with its option names and defaults: every exit is restarted, whatever its code, until
 * `max` runs happened; a run shorter than `minUptime` is "spinning" and restarted after `spinSleepTime`, or, without
 * a `spinSleepTime`, not restarted at all; any other run is restarted at once.
 *
 * Deliberate differences: a command that cannot be spawned gives up at once (forever-monitor emits an error and never
 * restarts it, and may wait forever for an exit that never comes); the defaults are forever-monitor's (minUptime 0),
 * not the forever CLI's (minUptime 1000 ms with a warning).
 */
export function forever(options?: ForeverPresetOptions): ForeverPolicy {
  const o = resolveForeverPresetOptions(options);
  return definePreset({
    name: 'presets.forever',
    options: o,
    initialState: (): ForeverState => ({ times: 0 }),
    decide: (state, run) => decide(o, state, run),
    explain: () =>
      joinClauses([
        'restarts after every exit, at once',
        o.minUptime > 0 && o.spinSleepTime !== undefined
          ? `waits ${formatDuration(o.spinSleepTime)} after a run under ${formatDuration(o.minUptime)}`
          : '',
        o.minUptime > 0 && o.spinSleepTime === undefined ? `gives up after a run under ${formatDuration(o.minUptime)}` : '',
        Number.isFinite(o.max) ? `gives up after ${plural(o.max, 'run')}` : '',
      ]),
  });
}

function decide(o: ResolvedForeverPresetOptions, state: ForeverState, run: RunRecord): PolicyStep<ForeverState> {
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
