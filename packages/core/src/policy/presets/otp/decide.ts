import type { RestartMode } from '../../classify-exit.js';
import { decideRestart } from '../../restart/decide.js';
import type { ResolvedRestartPolicyOptions, RestartPolicyState } from '../../restart/types.js';
import type { PolicyContext, PolicyStep, RunRecord } from '../../types.js';
import type { OtpRestart, ResolvedOtpPresetOptions } from './types.js';

// A normal exit is exit code 0; `shutdown` is a death by SIGHUP, SIGINT, SIGTERM or SIGPIPE (systemd's clean signals):
// exactly restartPolicy's clean class, so transient is 'on-failure'.
const MODES: Readonly<Record<OtpRestart, RestartMode>> = { permanent: 'always', transient: 'on-failure', temporary: 'never' };

/**
 * The restartPolicy() options an OTP child spec stands for: `restartPolicy({ restart, window: { maxRestarts:
 * intensity, periodMs: period * 1000 }, backoff: 0 })`, resolved here without the option parser.
 */
export function otpRestartOptions(o: ResolvedOtpPresetOptions): ResolvedRestartPolicyOptions {
  return Object.freeze({
    restart: MODES[o.restart],
    successExitCodes: Object.freeze([0]),
    preventExitCodes: Object.freeze([]),
    forceExitCodes: Object.freeze([]),
    minUptimeMs: 0,
    maxRestarts: Number.POSITIVE_INFINITY,
    maxConsecutiveFailures: Number.POSITIVE_INFINITY,
    // OTP's rule stays: a child that cannot be started is an abnormal exit like any other, limited by intensity alone.
    maxSpawnFailures: Number.POSITIVE_INFINITY,
    window: Object.freeze({ maxRestarts: o.intensity, periodMs: o.period * 1000 }),
    backoff: 0,
  });
}

/** An OTP supervisor's decision for its one child; pure: restartPolicy()'s decision with otpRestartOptions(). */
export function decideOtp(
  restart: ResolvedRestartPolicyOptions,
  state: RestartPolicyState,
  run: RunRecord,
  context: PolicyContext,
): PolicyStep<RestartPolicyState> {
  return decideRestart(restart, state, run, context);
}
