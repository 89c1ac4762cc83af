import {
  resolveRespawnPresetOptions,
  type ResolvedRespawnPresetOptions,
  type RespawnPresetOptions,
  type RespawnSleep,
} from '../../options/respawn-preset-options.js';
import { describeRun, plural } from '../describe.js';
import { describeBackoff, formatDuration, joinClauses } from '../explain-phrases.js';
import type { PolicyStep, RunRecord } from '../types.js';
import { definePreset, failedRun, restartStep, stopStep, type PresetPolicy } from './define-preset.js';

export interface RespawnState {
  /** respawn's `restarts`: restarts since the 60 s clock last ran out. */
  readonly restarts: number;
  /** respawn's `clock`: run time left, in ms, before the restart count starts over. */
  readonly clockMs: number;
}

export type RespawnPolicy = PresetPolicy<RespawnState, ResolvedRespawnPresetOptions>;

/** respawn's 60 s clock. */
export const RESPAWN_CLOCK_MS = 60_000;

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
    decide: (state, run) => decide(o, state, run),
    explain: () =>
      joinClauses([
        'restarts after every exit',
        Number.isFinite(o.maxRestarts) ? `gives up after ${plural(o.maxRestarts, 'restart')} within 60 s of run time` : '',
        'gives up on a spawn failure',
        describeSleep(o.sleep),
      ]),
  });
}

function decide(o: ResolvedRespawnPresetOptions, state: RespawnState, run: RunRecord): PolicyStep<RespawnState> {
  const ended = describeRun(run);
  if (run.outcome.kind === 'spawn-failed') return stopStep(state, true, true, `${ended}; respawn crashes on a spawn error`);
  const failure = failedRun(run, false);
  const left = state.clockMs - run.runtimeMs;
  const fresh = left <= 0;
  const restarts = (fresh ? 0 : state.restarts) + 1;
  const next = { restarts, clockMs: fresh ? RESPAWN_CLOCK_MS : left };
  if (restarts > o.maxRestarts) {
    return stopStep(next, failure, true, `${plural(restarts, 'restart')} within 60 s of run time (maxRestarts ${o.maxRestarts}); last run ${ended}`);
  }
  const delayMs = sleepFor(o.sleep, restarts);
  if (!(Number.isFinite(delayMs) && delayMs >= 0)) {
    return stopStep(next, failure, true, `sleep(${restarts}) returned ${String(delayMs)}, not a delay in ms; last run ${ended}`);
  }
  return restartStep(next, delayMs, failure, ended);
}

function sleepFor(sleep: RespawnSleep, restarts: number): number {
  if (typeof sleep === 'number') return sleep;
  if (typeof sleep === 'function') return sleep(restarts);
  return sleep[restarts - 1] ?? sleep[sleep.length - 1] ?? 0;
}

function describeSleep(sleep: RespawnSleep): string {
  if (typeof sleep === 'number') return describeBackoff(sleep);
  if (typeof sleep === 'function') return 'waits as its sleep function says';
  return `waits ${sleep.map((ms) => formatDuration(ms)).join(', ')}, then ${formatDuration(sleep[sleep.length - 1] ?? 0)} each time`;
}
