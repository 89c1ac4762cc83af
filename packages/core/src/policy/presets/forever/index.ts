import { definePreset } from '../define-preset.js';
import { decideForever } from './decide.js';
import { explainForever } from './explain.js';
import { lintForever } from './lint.js';
import { resolveForeverPresetOptions } from './options.js';
import type { ForeverPolicy, ForeverPresetOptions, ForeverState } from './types.js';

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
    decide: (state, run) => decideForever(o, state, run),
    explain: () => explainForever(o),
    lint: () => lintForever(o),
  });
}
