import { fieldSchemas } from './field-schemas.js';
import { createOptionsParser } from './parse-options.js';

/** The [program:x] settings of supervisord's configuration that decide restarts. */
export interface SupervisordPresetOptions {
  /** Restart a process that exited from RUNNING: `true`, `false`, or `'unexpected'` (an exit code not in `exitcodes`). Default `'unexpected'`. */
  readonly autorestart?: boolean | 'unexpected';
  /** The expected exit codes, for `autorestart: 'unexpected'`. Default `[0]` (supervisor 4; 3.x used `[0, 2]`). */
  readonly exitcodes?: readonly number[];
  /** Seconds a run must last to leave STARTING for RUNNING; a shorter run is a failed start. Default 1. */
  readonly startsecs?: number;
  /** Failed starts in a row that are retried (after 1 s, 2 s, 3 s...) before the process is FATAL. Default 3. */
  readonly startretries?: number;
}

export interface ResolvedSupervisordPresetOptions {
  readonly autorestart: boolean | 'unexpected';
  readonly exitcodes: readonly number[];
  readonly startsecs: number;
  readonly startretries: number;
}

const parse = createOptionsParser(
  'presets.supervisord()',
  (z) => {
    const f = fieldSchemas(z);
    return z.strictObject({
      autorestart: z.optional(z
        .custom<boolean | 'unexpected'>((v) => typeof v === 'boolean' || v === 'unexpected', { error: "true, false or 'unexpected'" })),
      exitcodes: z.optional(f.exitCodes()),
      startsecs: z.optional(f.seconds()),
      startretries: z.optional(f.count()),
    });
  },
  { autoRestart: 'autorestart', exitCodes: 'exitcodes', startSecs: 'startsecs', startRetries: 'startretries' },
);

export function resolveSupervisordPresetOptions(input: SupervisordPresetOptions | undefined): ResolvedSupervisordPresetOptions {
  const o = parse(input);
  return Object.freeze({
    autorestart: o.autorestart ?? 'unexpected',
    exitcodes: Object.freeze([...(o.exitcodes ?? [0])]),
    startsecs: o.startsecs ?? 1,
    startretries: o.startretries ?? 3,
  });
}
