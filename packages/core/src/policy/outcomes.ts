import type { ExitOutcome, ProcessExit, RunRecord } from './types.js';

/** Outcome of a run that exited with `code`. */
export const exited = (code: number): ProcessExit => ({ kind: 'exited', code });

/** Outcome of a run killed by `signal`, e.g. `'SIGKILL'`. */
export const signaled = (signal: NodeJS.Signals): ProcessExit => ({ kind: 'signaled', signal });

/** Outcome of a run whose command could not be started, e.g. `spawnFailed('ENOENT')`. */
export const spawnFailed = (code: string, message = code): ExitOutcome => ({ kind: 'spawn-failed', code, message });

/**
 * How long a run counted as up: since ready when the supervisor watches readiness, else its whole runtime. Use it,
 * not `runtimeMs`, for minimum-uptime rules and backoff resets.
 */
export const uptimeOf = (run: RunRecord): number => run.uptimeMs ?? run.runtimeMs;

/** "exited with code 1", "was killed by SIGKILL", "could not be spawned (ENOENT)". */
export function describeOutcome(outcome: ExitOutcome): string {
  switch (outcome.kind) {
    case 'exited':
      return `exited with code ${outcome.code}`;
    case 'signaled':
      return `was killed by ${outcome.signal}`;
    case 'spawn-failed':
      return `could not be spawned (${outcome.message})`;
    case 'ready-timeout':
      return `was not ready within ${outcome.timeoutMs} ms, then ${describeOutcome(outcome.exit)}`;
    case 'watchdog':
      return `sent no heartbeat for ${outcome.timeoutMs} ms, then ${describeOutcome(outcome.exit)}`;
    case 'memory-limit':
      return `used ${mib(outcome.rssBytes)} of memory (maxMemoryBytes ${mib(outcome.limitBytes)}), then ${describeOutcome(outcome.exit)}`;
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
