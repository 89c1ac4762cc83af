import { warn, type PolicyWarning } from '../../lint/warning.js';
import type { ResolvedRespawnPresetOptions } from './types.js';

/** presets.respawn()'s checks, pure. */
export function lintRespawn(o: ResolvedRespawnPresetOptions): PolicyWarning[] {
  return o.maxRestarts === 0
    ? [warn('never-restarts', 'maxRestarts', 'maxRestarts 0 gives up at the first exit: the command is never restarted (-1 is unlimited)')]
    : [];
}
