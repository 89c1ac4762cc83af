import { describeRun, plural } from '../../describe.js';
import type { PolicyStep, RunRecord } from '../../types.js';
import { failedRun, restartStep, stopStep } from '../define-preset.js';
import type { ResolvedRespawnPresetOptions, RespawnSleep, RespawnState } from './types.js';

/** respawn's 60 s clock. */
export const RESPAWN_CLOCK_MS = 60_000;

/** respawn's decision for a run it did not ask to end; pure (a `sleep` function must be pure too). See presets.respawn(). */
export function decideRespawn(o: ResolvedRespawnPresetOptions, state: RespawnState, run: RunRecord): PolicyStep<RespawnState> {
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
