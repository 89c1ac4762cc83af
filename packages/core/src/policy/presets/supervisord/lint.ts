import { formatMs } from '../../describe.js';
import { warn, type PolicyWarning } from '../../lint/warning.js';
import type { ResolvedSupervisordPresetOptions } from './types.js';

/** presets.supervisord()'s checks, pure. */
export function lintSupervisord(o: ResolvedSupervisordPresetOptions): PolicyWarning[] {
  if (o.startretries > 0) return [];
  const failedStart = o.startsecs > 0 ? `a run under startsecs (${formatMs(o.startsecs * 1000)}) or a spawn failure` : 'a spawn failure';
  return [warn('gives-up-at-first-short-run', 'startretries', `startretries 0: ${failedStart} is FATAL at once, never retried`)];
}
