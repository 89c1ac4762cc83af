import { formatMs } from '../../describe.js';
import { changed, warn, type PolicyWarning } from '../../lint/warning.js';
import type { ResolvedPm2PresetOptions } from './types.js';

const DEFAULTS: Partial<ResolvedPm2PresetOptions> = { maxRestarts: 16, restartDelay: 0, expBackoffRestartDelay: undefined, stopExitCodes: [] };

/** presets.pm2()'s checks, pure. */
export function lintPm2(o: ResolvedPm2PresetOptions): PolicyWarning[] {
  if (!o.autorestart) {
    // minUptime still decides which runs are failures (crash events), so it is not listed.
    const set = changed(o, DEFAULTS, ['maxRestarts', 'restartDelay', 'expBackoffRestartDelay', 'stopExitCodes']);
    return set.length === 0 ? [] : [warn('no-effect', set[0] ?? 'autorestart', `autorestart false never restarts the app: ${set.join(', ')} can never take effect`)];
  }
  const warnings: PolicyWarning[] = [];
  if (o.expBackoffRestartDelay !== undefined && o.restartDelay !== 0) {
    warnings.push(warn('no-effect', 'restartDelay', `restartDelay (${formatMs(o.restartDelay)}) has no effect: expBackoffRestartDelay replaces it, as in pm2`));
  }
  if (o.maxRestarts <= 1) {
    const unstable = o.minUptime > 0 ? `a run under minUptime (${formatMs(o.minUptime)}) or a spawn failure` : 'a spawn failure';
    const pm2Itself = o.maxRestarts === 0 ? ' (pm2 itself, with max_restarts 0, errors the app at its first exit of any kind)' : '';
    warnings.push(
      warn('gives-up-at-first-short-run', 'maxRestarts', `maxRestarts ${o.maxRestarts}: the first unstable run (${unstable}) errors the app, it is never restarted after one${pm2Itself}`),
    );
  }
  return warnings;
}
