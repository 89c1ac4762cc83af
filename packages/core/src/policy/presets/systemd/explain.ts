import type { Backoff } from '../../backoff.js';
import { MODE_PHRASES, describeBackoff, describeCodes, describeWindow, joinClauses } from '../../explain-phrases.js';
import type { RestartWindow } from '../../restart-window.js';
import { SYSTEMD_MODES } from './decide.js';
import type { ResolvedSystemdPresetOptions } from './types.js';

/** presets.systemd()'s explain(). */
export function explainSystemd(o: ResolvedSystemdPresetOptions, backoff: Backoff, limit: RestartWindow | undefined): string {
  const restarts = SYSTEMD_MODES[o.restart] !== 'never' || o.restartForceExitStatus.length > 0;
  return joinClauses([
    `Restart=${o.restart}: ${MODE_PHRASES[SYSTEMD_MODES[o.restart]]}`,
    o.restartForceExitStatus.length > 0 ? `always after ${describeCodes(o.restartForceExitStatus)}` : '',
    o.restartPreventExitStatus.length > 0 ? `never after ${describeCodes(o.restartPreventExitStatus)}` : '',
    o.successExitStatus.length > 0 ? `${describeCodes(o.successExitStatus)} also count as clean` : '',
    restarts && limit ? `${describeWindow(limit, 'start')} (the first start included)` : '',
    restarts ? describeBackoff(backoff) : '',
  ]);
}
