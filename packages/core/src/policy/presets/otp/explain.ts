import { describeWindow, joinClauses } from '../../explain-phrases.js';
import type { OtpRestart, ResolvedOtpPresetOptions } from './types.js';

const PHRASES: Readonly<Record<OtpRestart, string>> = {
  permanent: 'permanent: restarts after every exit, at once',
  transient: 'transient: restarts after an abnormal exit, at once',
  temporary: 'temporary: never restarts',
};

/** presets.otp()'s explain(). */
export function explainOtp(o: ResolvedOtpPresetOptions): string {
  const window = { maxRestarts: o.intensity, periodMs: o.period * 1000 };
  return joinClauses([PHRASES[o.restart], o.restart === 'temporary' ? '' : describeWindow(window)]);
}
