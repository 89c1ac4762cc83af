import { resolveOtpPresetOptions, type OtpPresetOptions, type OtpRestart, type ResolvedOtpPresetOptions } from '../../options/otp-preset-options.js';
import type { RestartMode } from '../classify-exit.js';
import { describeWindow, joinClauses } from '../explain-phrases.js';
import { restartPolicy, type RestartPolicyState } from '../restart-policy.js';
import type { PresetPolicy } from './define-preset.js';

export type OtpPolicy = PresetPolicy<RestartPolicyState, ResolvedOtpPresetOptions>;

// A normal exit is exit code 0; `shutdown` is a death by SIGHUP, SIGINT, SIGTERM or SIGPIPE (systemd's clean signals):
// exactly restartPolicy's clean class, so transient is 'on-failure'.
const MODES: Readonly<Record<OtpRestart, RestartMode>> = { permanent: 'always', transient: 'on-failure', temporary: 'never' };

const PHRASES: Readonly<Record<OtpRestart, string>> = {
  permanent: 'permanent: restarts after every exit, at once',
  transient: 'transient: restarts after an abnormal exit, at once',
  temporary: 'temporary: never restarts',
};

/**
 * An Erlang/OTP supervisor's child restart types with its defaults (restart permanent, intensity 1, period 5 s), for
 * one child: `permanent` is always restarted, `transient` only after an abnormal exit (not exit code 0, and not a
 * SIGHUP/SIGINT/SIGTERM/SIGPIPE death, which stand for OTP's `shutdown`), `temporary` never. Restarts are immediate;
 * more than `intensity` restarts within `period` seconds give up, as the supervisor shuts down. This is
 * `restartPolicy({ restart, window: { maxRestarts: intensity, periodMs: period * 1000 }, backoff: 0 })`, whose
 * reasons it gives.
 *
 * Deliberate differences: OTP keeps restart times in whole seconds and still counts one exactly `period` seconds old;
 * here times are milliseconds and a restart exactly `period` old has left the window. Mapping process exits onto
 * Erlang exit reasons is a choice: exit code 0 is `normal`, a clean signal `shutdown`, anything else abnormal.
 */
export function otp(options?: OtpPresetOptions): OtpPolicy {
  const o = resolveOtpPresetOptions(options);
  const window = { maxRestarts: o.intensity, periodMs: o.period * 1000 };
  const inner = restartPolicy({ restart: MODES[o.restart], window, backoff: 0 });
  return Object.freeze({
    name: `presets.otp(${o.restart})`,
    options: o,
    initialState: inner.initialState,
    decide: inner.decide,
    explain: () => joinClauses([PHRASES[o.restart], o.restart === 'temporary' ? '' : describeWindow(window)]),
  });
}
