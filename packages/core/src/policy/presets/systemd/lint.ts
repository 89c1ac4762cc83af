import { formatMs } from '../../describe.js';
import { changed, warn, type PolicyWarning } from '../../lint/warning.js';
import type { ResolvedSystemdPresetOptions } from './types.js';

const DEFAULTS: Partial<ResolvedSystemdPresetOptions> = {
  restartPreventExitStatus: [],
  restartSec: 0.1,
  restartSteps: 0,
  restartMaxDelaySec: Number.POSITIVE_INFINITY,
  startLimitBurst: 5,
  startLimitIntervalSec: 10,
};

/** presets.systemd()'s checks, pure. */
export function lintSystemd(o: ResolvedSystemdPresetOptions): PolicyWarning[] {
  if (o.restart === 'no' && o.restartForceExitStatus.length === 0) {
    // successExitStatus still decides which runs are failures (crash events), so it is not listed.
    const set = changed(o, DEFAULTS, ['restartPreventExitStatus', 'restartSec', 'restartSteps', 'restartMaxDelaySec', 'startLimitBurst', 'startLimitIntervalSec']);
    return set.length === 0 ? [] : [warn('no-effect', set[0] ?? 'restart', `Restart=no without RestartForceExitStatus= never restarts: ${set.join(', ')} can never take effect`)];
  }
  const warnings: PolicyWarning[] = [];
  if (o.restartSteps > 0) {
    const why = !Number.isFinite(o.restartMaxDelaySec)
      ? 'without restartMaxDelaySec'
      : o.restartSec === 0
        ? 'with restartSec 0'
        : o.restartMaxDelaySec <= o.restartSec
          ? `with restartMaxDelaySec (${formatMs(o.restartMaxDelaySec * 1000)}) not above restartSec`
          : '';
    if (why) warnings.push(warn('no-effect', 'restartSteps', `restartSteps has no effect ${why}: every delay is restartSec (${formatMs(o.restartSec * 1000)})`));
  } else if (Number.isFinite(o.restartMaxDelaySec)) {
    warnings.push(warn('no-effect', 'restartMaxDelaySec', `restartMaxDelaySec has no effect without restartSteps: every delay is restartSec (${formatMs(o.restartSec * 1000)})`));
  }
  return warnings;
}
