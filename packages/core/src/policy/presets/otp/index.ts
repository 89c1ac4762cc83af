import { withLint } from '../../lint/attach.js';
import { initialRestartState } from '../../restart/decide.js';
import type { RestartPolicyState } from '../../restart/types.js';
import type { PolicyContext, RunRecord } from '../../types.js';
import { decideOtp, otpRestartOptions } from './decide.js';
import { explainOtp } from './explain.js';
import { lintOtp } from './lint.js';
import { resolveOtpPresetOptions } from './options.js';
import type { OtpPolicy, OtpPresetOptions } from './types.js';

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
  const restart = otpRestartOptions(o);
  const policy: OtpPolicy = {
    name: `presets.otp(${o.restart})`,
    options: o,
    initialState: initialRestartState,
    decide: (state: RestartPolicyState, run: RunRecord, context: PolicyContext) => decideOtp(restart, state, run, context),
    explain: () => explainOtp(o),
  };
  return withLint(policy, () => lintOtp(o));
}
