import { definePreset } from '../define-preset.js';
import { decidePm2 } from './decide.js';
import { explainPm2 } from './explain.js';
import { lintPm2 } from './lint.js';
import { resolvePm2PresetOptions } from './options.js';
import type { Pm2Policy, Pm2PresetOptions, Pm2State } from './types.js';

export { PM2_EXP_BACKOFF } from './decide.js';

/**
 * pm2's restart rules (God.handleExit) with its attribute names camelCased and its defaults (autorestart true,
 * max_restarts 16, min_uptime 1000 ms, restart_delay 0): every exit is restarted unless `autorestart` is false or the
 * exit code is in `stopExitCodes`; a run shorter than `minUptime` is unstable, and the `maxRestarts`-th unstable run
 * in a row gives up (errored); the delay is `restartDelay`, or with `expBackoffRestartDelay` pm2's exponential
 * backoff (God.handleExit, Worker.js): the first delay is `expBackoffRestartDelay`, each next one is
 * floor(min(15000, previous x 1.5)), so 100 gives 100, 150, 225, 337, 505, 757 ms..., and a run of more than 30 s
 * starts it over at `expBackoffRestartDelay`. The previous delay is the policy's state (pm2's prev_restart_delay).
 *
 * Deliberate differences:
 * - A signal death is never an exit code. pm2's cluster mode hands it on as code 0 (`code || 0`), so there
 *   `stop_exit_codes: [0]` also stops an app killed by SIGKILL or SIGSEGV; here `stopExitCodes` matches exit codes only.
 * - Unstable runs are counted in a row, as pm2's documentation says; pm2's code never resets the count after a stable
 *   run and stops counting once the app is older than min_uptime x max_restarts.
 * - The backoff starts over when a run lasted more than 30 s, measured; pm2's Worker looks on a 30 s polling tick, so
 *   there the app must still be up at a tick after its 30th second (up to 60 s).
 * - Ambiguous in pm2's docs: the backoff "resets to 0 ms"; pm2's code restarts from `exp_backoff_restart_delay`, as here.
 */
export function pm2(options?: Pm2PresetOptions): Pm2Policy {
  const o = resolvePm2PresetOptions(options);
  return definePreset({
    name: `presets.pm2(autorestart=${String(o.autorestart)})`,
    options: o,
    initialState: (): Pm2State => ({ unstableRestarts: 0, prevRestartDelay: 0 }),
    decide: (state, run) => decidePm2(o, state, run),
    explain: () => explainPm2(o),
    lint: () => lintPm2(o),
  });
}
