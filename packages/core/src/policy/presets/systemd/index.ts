import { definePreset } from '../define-preset.js';
import { decideSystemd, systemdBackoff, systemdStartLimit } from './decide.js';
import { explainSystemd } from './explain.js';
import { lintSystemd } from './lint.js';
import { resolveSystemdPresetOptions } from './options.js';
import type { SystemdPolicy, SystemdPresetOptions, SystemdState } from './types.js';

/**
 * systemd.service(5)'s restart logic with its option names and defaults (Restart=no, RestartSec=100ms,
 * StartLimitBurst=5 within StartLimitIntervalSec=10s). Precedence as in systemd: requested stop >
 * RestartPreventExitStatus= > RestartForceExitStatus= > Restart= > start limit.
 *
 * - The delay is RestartSec=, or with RestartSteps= and RestartMaxDelaySec= it grows geometrically over that many
 *   restarts (ratio (max / RestartSec) ^ (1 / steps)), as systemd computes it; systemd never shrinks it again after
 *   a healthy run (its restart counter is only reset by a manual start), and neither does this preset.
 * - The start limit counts starts, the first one included, as systemd does: StartLimitBurst=5 allows the first start
 *   and 4 restarts within 10 s; the 5th restart within any 10 s gives up (start-limit-hit).
 *
 * Deliberate differences: the start-limit window slides (at most StartLimitBurst starts in any interval), where
 * systemd's is fixed from the first start it counts, so a burst straddling its end may get up to twice as many
 * starts there; a spawn failure is matched as exit status 203 (EXEC), which is what systemd reports; delays are whole
 * milliseconds (systemd computes microseconds); timeouts and the watchdog do not exist here.
 *
 * @example
 * presets.systemd({ restart: 'on-failure', restartSec: 1, restartSteps: 4, restartMaxDelaySec: 16 });
 * // delays 1 s, 2 s, 4 s, 8 s, 16 s, 16 s...; the 5th restart within 10 s gives up
 */
export function systemd(options?: SystemdPresetOptions): SystemdPolicy {
  const o = resolveSystemdPresetOptions(options);
  const backoff = systemdBackoff(o);
  const limit = systemdStartLimit(o);
  return definePreset({
    name: `presets.systemd(Restart=${o.restart})`,
    options: o,
    initialState: (): SystemdState => ({ restarts: 0, starts: [] }),
    decide: (state, run) => decideSystemd(o, backoff, limit, state, run),
    explain: () => explainSystemd(o, backoff, limit),
    lint: () => lintSystemd(o),
  });
}
