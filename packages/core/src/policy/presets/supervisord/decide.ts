import { describeRun, formatMs, plural } from '../../describe.js';
import { uptimeOf } from '../../outcomes.js';
import type { PolicyStep, RunRecord } from '../../types.js';
import { restartStep, stopStep } from '../define-preset.js';
import type { ResolvedSupervisordPresetOptions, SupervisordState } from './types.js';

/** supervisord's decision for a run it did not ask to end; pure. See presets.supervisord(). */
export function decideSupervisord(o: ResolvedSupervisordPresetOptions, state: SupervisordState, run: RunRecord): PolicyStep<SupervisordState> {
  const ended = describeRun(run);
  const startsecsMs = o.startsecs * 1000;
  if (run.outcome.kind === 'spawn-failed' || uptimeOf(run) < startsecsMs) {
    const backoff = state.backoff + 1;
    const why = run.outcome.kind === 'spawn-failed' ? ended : `${ended}, under startsecs ${formatMs(startsecsMs)}`;
    if (backoff > o.startretries) {
      return stopStep({ backoff }, true, true, `FATAL: ${plural(backoff, 'failed start')} in a row (startretries ${o.startretries}); last run ${why}`);
    }
    return restartStep({ backoff }, backoff * 1000, true, `BACKOFF: ${why}`);
  }
  const expected = run.outcome.kind === 'exited' && o.exitcodes.includes(run.outcome.code);
  const restarts = o.autorestart === true || (o.autorestart === 'unexpected' && !expected);
  if (!restarts) {
    return stopStep({ backoff: 0 }, !expected, false, `EXITED: ${ended} (${expected ? 'expected' : 'not expected'}; autorestart ${String(o.autorestart)})`);
  }
  return restartStep({ backoff: 0 }, 0, !expected, `EXITED: ${ended} (${expected ? 'expected' : 'not expected'})`);
}
