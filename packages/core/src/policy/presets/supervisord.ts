import { uptimeOf } from '../outcomes.js';
import {
  resolveSupervisordPresetOptions,
  type ResolvedSupervisordPresetOptions,
  type SupervisordPresetOptions,
} from '../../options/supervisord-preset-options.js';
import { describeRun, formatMs, plural } from '../describe.js';
import { describeCodes, joinClauses } from '../explain-phrases.js';
import type { PolicyStep, RunRecord } from '../types.js';
import { definePreset, restartStep, stopStep, type PresetPolicy } from './define-preset.js';

export interface SupervisordState {
  /** supervisord's `backoff`: failed starts in a row; reaching RUNNING resets it. */
  readonly backoff: number;
}

export type SupervisordPolicy = PresetPolicy<SupervisordState, ResolvedSupervisordPresetOptions>;

/**
 * supervisord's process states with its option names and defaults (autorestart=unexpected, exitcodes=0, startsecs=1,
 * startretries=3):
 *
 * - A run shorter than `startsecs` (or one that could not be spawned) never reached RUNNING: STARTING -> BACKOFF.
 *   It is retried whatever `autorestart` says, after 1 s, then 2 s, 3 s... (one second more per failed start in a
 *   row); the start after `startretries` retries failing too is FATAL (giveup). So 3 retries means 4 starts.
 * - A run that lasted `startsecs` was RUNNING: the retry count resets, and the exit is EXITED -> restarted at once
 *   when `autorestart` is true, or when it is `'unexpected'` and the exit code is not in `exitcodes`. A signal death is
 *   never expected (supervisord reports no exit code for it). Restarts from RUNNING are not limited.
 *
 * Deliberate differences: supervisord's main loop polls, so its backoff waits are at least the documented seconds and
 * land on its next tick; here they are exact. A run of exactly `startsecs` counts as RUNNING, as in supervisord's exit
 * handler.
 */
export function supervisord(options?: SupervisordPresetOptions): SupervisordPolicy {
  const o = resolveSupervisordPresetOptions(options);
  return definePreset({
    name: `presets.supervisord(autorestart=${String(o.autorestart)})`,
    options: o,
    initialState: (): SupervisordState => ({ backoff: 0 }),
    decide: (state, run) => decide(o, state, run),
    explain: () => explain(o),
  });
}

function decide(o: ResolvedSupervisordPresetOptions, state: SupervisordState, run: RunRecord): PolicyStep<SupervisordState> {
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

function explain(o: ResolvedSupervisordPresetOptions): string {
  const whenRunning =
    o.autorestart === true
      ? 'restarts at once after every exit from RUNNING'
      : o.autorestart === false
        ? 'never restarts after an exit from RUNNING'
        : `restarts at once after an unexpected exit from RUNNING (not ${describeCodes(o.exitcodes)})`;
  return joinClauses([
    whenRunning,
    `a run under ${o.startsecs} s is a failed start, retried after 1 s, 2 s, 3 s...`,
    `gives up (FATAL) when ${plural(o.startretries + 1, 'start')} in a row failed`,
  ]);
}
