import { definePreset } from '../define-preset.js';
import { RESPAWN_CLOCK_MS, decideRespawn } from './decide.js';
import { explainRespawn } from './explain.js';
import { lintRespawn } from './lint.js';
import { resolveRespawnPresetOptions } from './options.js';
import type { RespawnPolicy, RespawnPresetOptions, RespawnState } from './types.js';

export { RESPAWN_CLOCK_MS } from './decide.js';

/**
 * respawn's Monitor with its option names and defaults (maxRestarts -1 = unlimited, sleep 1000 ms): every exit is
 * restarted after `sleep`, whatever its code, until more than `maxRestarts` restarts happened within 60 s; a spawn
 * failure crashes the monitor at once (giveup), as respawn's does.
 *
 * "Within 60 s" is respawn's clock, reproduced as its code keeps it: each run's uptime (sleeps not included) is taken
 * off a 60 s budget, and when the budget is used up the restart count starts over with a fresh 60 s. The count passed
 * to a `sleep` function or used to index a `sleep` list is that same count (1 for the first restart since the clock
 * last started over).
 *
 * Deliberate differences: respawn reads `sleep: 0` and a 0 in a list as "unset" (`||`) and sleeps 1000 ms or the last
 * entry instead; here 0 is 0. A `sleep` function that returns something other than a non-negative finite number
 * gives up with a reason instead of scheduling a NaN timer. Ambiguous in respawn's README: whether the count given to
 * `sleep` is the lifetime count or the windowed one; its code passes the windowed one, as here.
 */
export function respawn(options?: RespawnPresetOptions): RespawnPolicy {
  const o = resolveRespawnPresetOptions(options);
  return definePreset({
    name: 'presets.respawn',
    options: o,
    initialState: (): RespawnState => ({ restarts: 0, clockMs: RESPAWN_CLOCK_MS }),
    decide: (state, run) => decideRespawn(o, state, run),
    explain: () => explainRespawn(o),
    lint: () => lintRespawn(o),
  });
}
