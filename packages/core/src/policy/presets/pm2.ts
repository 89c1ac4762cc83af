import { uptimeOf } from '../outcomes.js';
import { resolvePm2PresetOptions, type Pm2PresetOptions, type ResolvedPm2PresetOptions } from '../../options/pm2-preset-options.js';
import { computeDelay, resetsBackoff, type Backoff, type ExponentialBackoff } from '../backoff.js';
import { describeRun, formatMs, plural } from '../describe.js';
import { describeBackoff, describeCodes, formatDuration, joinClauses } from '../explain-phrases.js';
import type { PolicyStep, RunRecord } from '../types.js';
import { definePreset, failedRun, restartStep, stopStep, type PresetPolicy } from './define-preset.js';

export interface Pm2State {
  /** pm2's unstable_restarts: runs shorter than min_uptime in a row. */
  readonly unstableRestarts: number;
  /** Restarts since the exponential backoff last reset. */
  readonly backoffStep: number;
}

export type Pm2Policy = PresetPolicy<Pm2State, ResolvedPm2PresetOptions>;

/** pm2's exponential backoff around `exp_backoff_restart_delay`: x1.5 per restart, 15 s cap, reset after 30 s up. */
export const PM2_EXP_BACKOFF: Readonly<Omit<ExponentialBackoff, 'initialMs'>> = Object.freeze({
  factor: 1.5,
  maxMs: 15_000,
  jitter: 0,
  resetAfterMs: 30_000,
});

/**
 * pm2's restart rules (God.handleExit) with its attribute names camelCased and its defaults (autorestart true,
 * max_restarts 16, min_uptime 1000 ms, restart_delay 0): every exit is restarted unless `autorestart` is false or the
 * exit code is in `stopExitCodes`; a run shorter than `minUptime` is unstable, and the `maxRestarts`-th unstable run
 * in a row gives up (errored); the delay is `restartDelay`, or with `expBackoffRestartDelay` it starts there and
 * grows x1.5 per restart up to 15 s, back to the start after a run of 30 s.
 *
 * Deliberate differences:
 * - A signal death is never an exit code. pm2's cluster mode hands it on as code 0 (`code || 0`), so there
 *   `stop_exit_codes: [0]` also stops an app killed by SIGKILL or SIGSEGV; here `stopExitCodes` matches exit codes only.
 * - Unstable runs are counted in a row, as pm2's documentation says; pm2's code never resets the count after a stable
 *   run and stops counting once the app is older than min_uptime x max_restarts.
 * - The backoff resets when a run lasted 30 s, measured; pm2 checks uptime on a 30 s polling tick. Delays are rounded
 *   from the exact product (100, 150, 225, 338 ms...) where pm2 floors each step (... 337 ms). A first delay above
 *   15 s is capped at once (pm2 uses it once, then 15 s).
 * - Ambiguous in pm2's docs: the backoff "resets to 0 ms"; pm2's code restarts from `exp_backoff_restart_delay`, as here.
 */
export function pm2(options?: Pm2PresetOptions): Pm2Policy {
  const o = resolvePm2PresetOptions(options);
  const backoff: Backoff =
    o.expBackoffRestartDelay === undefined ? o.restartDelay : { initialMs: o.expBackoffRestartDelay, ...PM2_EXP_BACKOFF };
  return definePreset({
    name: `presets.pm2(autorestart=${String(o.autorestart)})`,
    options: o,
    initialState: (): Pm2State => ({ unstableRestarts: 0, backoffStep: 0 }),
    decide: (state, run) => decide(o, backoff, state, run),
    explain: () =>
      joinClauses([
        o.autorestart ? 'restarts after every exit' : 'never restarts (autorestart false)',
        o.autorestart && o.stopExitCodes.length > 0 ? `never after ${describeCodes(o.stopExitCodes)}` : '',
        o.autorestart ? `gives up after ${plural(Math.max(o.maxRestarts, 1), 'run')} in a row under ${formatDuration(o.minUptime)}` : '',
        o.autorestart ? describeBackoff(backoff) : '',
      ]),
  });
}

function decide(o: ResolvedPm2PresetOptions, backoff: Backoff, state: Pm2State, run: RunRecord): PolicyStep<Pm2State> {
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
