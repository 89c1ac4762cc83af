import { definePreset } from '../define-preset.js';
import { decideSupervisord } from './decide.js';
import { explainSupervisord } from './explain.js';
import { lintSupervisord } from './lint.js';
import { resolveSupervisordPresetOptions } from './options.js';
import type { SupervisordPolicy, SupervisordPresetOptions, SupervisordState } from './types.js';

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
    decide: (state, run) => decideSupervisord(o, state, run),
    explain: () => explainSupervisord(o),
    lint: () => lintSupervisord(o),
  });
}
