import { computeDelay, resetsBackoff, type Backoff, type ExponentialBackoff } from '../../backoff.js';
import { describeRun, formatMs, plural } from '../../describe.js';
import { uptimeOf } from '../../outcomes.js';
import type { PolicyStep, RunRecord } from '../../types.js';
import { failedRun, restartStep, stopStep } from '../define-preset.js';
import type { Pm2State, ResolvedPm2PresetOptions } from './types.js';

/** pm2's exponential backoff around `exp_backoff_restart_delay`: x1.5 per restart, 15 s cap, reset after 30 s up. */
export const PM2_EXP_BACKOFF: Readonly<Omit<ExponentialBackoff, 'initialMs'>> = Object.freeze({
  factor: 1.5,
  maxMs: 15_000,
  jitter: 0,
  resetAfterMs: 30_000,
});

/** The delay rule: `restartDelay`, or the exponential backoff from `expBackoffRestartDelay`. */
export function pm2Backoff(o: ResolvedPm2PresetOptions): Backoff {
  return o.expBackoffRestartDelay === undefined ? o.restartDelay : { initialMs: o.expBackoffRestartDelay, ...PM2_EXP_BACKOFF };
}

/** pm2's decision for a run it did not ask to end; pure. See presets.pm2(). */
export function decidePm2(o: ResolvedPm2PresetOptions, backoff: Backoff, state: Pm2State, run: RunRecord): PolicyStep<Pm2State> {
  const unstable = run.outcome.kind === 'spawn-failed' || uptimeOf(run) < o.minUptime;
  const unstableRestarts = unstable ? state.unstableRestarts + 1 : 0;
  const failure = failedRun(run, unstable);
  const ended = describeRun(run) + (unstable ? ` (under min_uptime ${formatMs(o.minUptime)})` : '');
  const counted = { ...state, unstableRestarts };
  if (!o.autorestart) return stopStep(counted, failure, false, `${ended}; autorestart is false`);
  if (run.outcome.kind === 'exited' && o.stopExitCodes.includes(run.outcome.code)) {
    return stopStep(counted, failure, false, `${ended}; exit code ${run.outcome.code} is in stop_exit_codes`);
  }
  if (unstable && unstableRestarts >= o.maxRestarts) {
    return stopStep(counted, failure, true, `errored: ${plural(unstableRestarts, 'unstable restart')} (max_restarts ${o.maxRestarts}); last run ${ended}`);
  }
  const step = resetsBackoff(backoff, uptimeOf(run)) ? 0 : state.backoffStep;
  return restartStep({ unstableRestarts, backoffStep: step + 1 }, computeDelay(backoff, step, 0), failure, ended);
}
