import { describeRun, formatMs, plural } from '../../describe.js';
import type { ExponentialBackoff } from '../../backoff.js';
import { uptimeOf } from '../../outcomes.js';
import type { PolicyStep, RunRecord } from '../../types.js';
import { failedRun, restartStep, stopStep } from '../define-preset.js';
import type { Pm2State, ResolvedPm2PresetOptions } from './types.js';

/**
 * The constants of pm2's exponential backoff around `exp_backoff_restart_delay`: x1.5 per restart, 15 s cap, reset
 * after 30 s up (pm2's EXP_BACKOFF_RESET_TIMER). `restartPolicy({ backoff: { initialMs, ...PM2_EXP_BACKOFF } })`
 * comes close but is not the same: it rounds each delay from initialMs x 1.5^n (338 ms where pm2 floors each step to
 * 337 ms) and caps a first delay above 15 s.
 */
export const PM2_EXP_BACKOFF: Readonly<Omit<ExponentialBackoff, 'initialMs'>> = Object.freeze({
  factor: 1.5,
  maxMs: 15_000,
  jitter: 0,
  resetAfterMs: 30_000,
});

/** pm2's decision for a run it did not ask to end; pure. See presets.pm2(). */
export function decidePm2(o: ResolvedPm2PresetOptions, state: Pm2State, run: RunRecord): PolicyStep<Pm2State> {
  const upMs = uptimeOf(run);
  const unstable = run.outcome.kind === 'spawn-failed' || upMs < o.minUptime;
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
  if (o.expBackoffRestartDelay === undefined) return restartStep({ unstableRestarts, prevRestartDelay: 0 }, o.restartDelay, failure, ended);
  const delayMs = nextExpBackoffDelay(o.expBackoffRestartDelay, upMs > PM2_EXP_BACKOFF.resetAfterMs ? 0 : state.prevRestartDelay);
  return restartStep({ unstableRestarts, prevRestartDelay: delayMs }, delayMs, failure, ended);
}

/**
 * pm2's God.handleExit: no previous delay (0, pm2 tests it for falsiness) starts at `exp_backoff_restart_delay`,
 * used as it is even above 15 s; any other grows from the previous one, floored, and capped at 15 s.
 */
function nextExpBackoffDelay(expBackoffRestartDelay: number, prevRestartDelay: number): number {
  return prevRestartDelay === 0
    ? expBackoffRestartDelay
    : Math.floor(Math.min(PM2_EXP_BACKOFF.maxMs, prevRestartDelay * PM2_EXP_BACKOFF.factor));
}
