import { definePreset } from '../define-preset.js';
import { decidePm2, pm2Backoff } from './decide.js';
import { explainPm2 } from './explain.js';
import { lintPm2 } from './lint.js';
import { resolvePm2PresetOptions } from './options.js';
import type { Pm2Policy, Pm2PresetOptions, Pm2State } from './types.js';

export { PM2_EXP_BACKOFF } from './decide.js';

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
  const backoff = pm2Backoff(o);
  return definePreset({
    name: `presets.pm2(autorestart=${String(o.autorestart)})`,
    options: o,
    initialState: (): Pm2State => ({ unstableRestarts: 0, backoffStep: 0 }),
    decide: (state, run) => decidePm2(o, backoff, state, run),
    explain: () => explainPm2(o, backoff),
    lint: () => lintPm2(o),
  });
}
