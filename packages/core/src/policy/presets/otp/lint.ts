import { changed, warn, type PolicyWarning } from '../../lint/warning.js';
import type { ResolvedOtpPresetOptions } from './types.js';

/** presets.otp()'s checks, pure. */
export function lintOtp(o: ResolvedOtpPresetOptions): PolicyWarning[] {
  if (o.restart === 'temporary') {
    const set = changed(o, { intensity: 1, period: 5 }, ['intensity', 'period']);
    return set.length === 0 ? [] : [warn('no-effect', set[0] ?? 'restart', `restart 'temporary' never restarts: ${set.join(', ')} can never take effect`)];
  }
  return o.intensity === 0
    ? [warn('never-restarts', 'intensity', 'intensity 0 allows no restart within period: the first restart shuts the supervisor down, so the child is never restarted')]
    : [];
}
