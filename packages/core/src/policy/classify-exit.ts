import type { ExitOutcome } from './types.js';

/**
 * systemd's classes of exit (systemd.service, Restart=): a clean exit is a success exit code or one of the
 * signals a service is expected to die from when asked to stop.
 */
export type ExitClass =
  | 'clean'
  | 'unclean-code'
  | 'unclean-signal'
  | 'spawn-failed'
  /** Not ready in time (systemd's "timeout"). */
  | 'timeout'
  | 'watchdog'
  /** Over maxMemoryBytes; abnormal like a watchdog kill (systemd has no such cause). */
  | 'memory-limit';

/** Signals that count as a clean death, as in systemd: SIGHUP, SIGINT, SIGTERM and SIGPIPE. */
export const CLEAN_SIGNALS: readonly NodeJS.Signals[] = Object.freeze(['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGPIPE']);

export function classifyExit(outcome: ExitOutcome, successExitCodes: readonly number[]): ExitClass {
  switch (outcome.kind) {
    case 'exited':
      return successExitCodes.includes(outcome.code) ? 'clean' : 'unclean-code';
    case 'signaled':
      return CLEAN_SIGNALS.includes(outcome.signal) ? 'clean' : 'unclean-signal';
    case 'spawn-failed':
      return 'spawn-failed';
    case 'ready-timeout':
      return 'timeout';
    case 'watchdog':
    case 'memory-limit':
      return outcome.kind;
  }
}

/** systemd's Restart= values, plus 'never' as the spelled-out name of `no`. */
export type RestartMode = 'always' | 'on-success' | 'on-failure' | 'on-abnormal' | 'on-abort' | 'on-watchdog' | 'never';

export const RESTART_MODES: readonly RestartMode[] = Object.freeze([
  'always',
  'on-success',
  'on-failure',
  'on-abnormal',
  'on-abort',
  'on-watchdog',
  'never',
]);

// The table of systemd.service(5), "Table 2. Exit causes and the effect of the Restart= settings". A spawn
// failure is an unclean exit code there (systemd reports it as status 203/EXEC).
const RESTARTS: Readonly<Record<RestartMode, readonly ExitClass[]>> = {
  always: ['clean', 'unclean-code', 'unclean-signal', 'spawn-failed', 'timeout', 'watchdog', 'memory-limit'],
  'on-success': ['clean'],
  'on-failure': ['unclean-code', 'unclean-signal', 'spawn-failed', 'timeout', 'watchdog', 'memory-limit'],
  'on-abnormal': ['unclean-signal', 'timeout', 'watchdog', 'memory-limit'],
  'on-abort': ['unclean-signal'],
  'on-watchdog': ['watchdog'],
  never: [],
};

/** Whether `mode` restarts a run that ended with `exitClass`. */
export function modeRestarts(mode: RestartMode, exitClass: ExitClass): boolean {
  return RESTARTS[mode].includes(exitClass);
}
