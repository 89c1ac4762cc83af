import type { ExitOutcome } from './types.js';

/** Outcome of a run that exited with `code`. */
export const exited = (code: number): ExitOutcome => ({ kind: 'exited', code });

/** Outcome of a run killed by `signal`, e.g. `'SIGKILL'`. */
export const signaled = (signal: string): ExitOutcome => ({ kind: 'signaled', signal });

/** Outcome of a run whose command could not be started, e.g. `spawnFailed('ENOENT')`. */
export const spawnFailed = (code: string, message = code): ExitOutcome => ({ kind: 'spawn-failed', code, message });

/** "exited with code 1", "was killed by SIGKILL", "could not be spawned (ENOENT)". */
export function describeOutcome(outcome: ExitOutcome): string {
  switch (outcome.kind) {
    case 'exited':
      return `exited with code ${outcome.code}`;
    case 'signaled':
      return `was killed by ${outcome.signal}`;
    case 'spawn-failed':
      return `could not be spawned (${outcome.message})`;
  }
}
