import { DEFAULT_BACKOFF, computeDelay, type Backoff } from '../backoff.js';
import { classifyExit, modeRestarts, type ExitClass } from '../classify-exit.js';
import { formatMs, plural } from '../describe.js';
import { changed, warn, type PolicyWarning } from '../lint/warning.js';
import { exited } from '../outcomes.js';
import { DEFAULT_MAX_SPAWN_FAILURES } from '../spawn-errors.js';
import type { RestartWindow } from '../restart-window.js';
import type { ResolvedRestartPolicyOptions } from './types.js';

/**
 * restartPolicy()'s checks, pure: settings that can never take effect or that surprise, as warnings. They read the
 * resolved options, so a limit set to its default counts as not set.
 */
export function lintRestartOptions(o: ResolvedRestartPolicyOptions): PolicyWarning[] {
  return [...backoffWarnings(o), ...codeWarnings(o), ...limitWarnings(o)];
}

function backoffWarnings(o: ResolvedRestartPolicyOptions): PolicyWarning[] {
  const b = o.backoff;
  if (typeof b === 'number') return [];
  const warnings: PolicyWarning[] = [];
  if (b.maxMs < b.initialMs) {
    warnings.push(warn('backoff-max-below-initial', 'backoff.maxMs', `backoff.maxMs (${formatMs(b.maxMs)}) is below backoff.initialMs (${formatMs(b.initialMs)}): every delay is ${formatMs(b.maxMs)}`));
  }
  if (b.resetAfterMs === 0 && b.factor > 1 && b.initialMs < b.maxMs) {
    warnings.push(warn('backoff-never-grows', 'backoff.resetAfterMs', 'backoff.resetAfterMs is 0: every run resets the backoff, so the delay never grows beyond backoff.initialMs'));
  }
  if (o.minUptimeMs > b.resetAfterMs) {
    warnings.push(
      warn(
        'min-uptime-above-reset',
        'minUptimeMs',
        `minUptimeMs (${formatMs(o.minUptimeMs)}) is above backoff.resetAfterMs (${formatMs(b.resetAfterMs)}): a run in between counts as a failure yet resets the backoff`,
      ),
    );
  }
  return warnings;
}

function codeWarnings(o: ResolvedRestartPolicyOptions): PolicyWarning[] {
  const warnings: PolicyWarning[] = [];
  if (!o.successExitCodes.includes(0)) {
    warnings.push(warn('success-codes-without-zero', 'successExitCodes', `successExitCodes replaces [0]: exit code 0 now counts as a failure; list 0 too if that is not meant`));
  }
  for (const code of o.preventExitCodes.filter((c) => o.successExitCodes.includes(c))) {
    warnings.push(warn('prevent-code-is-success', 'preventExitCodes', `exit code ${code} is both clean (successExitCodes) and in preventExitCodes: it is never restarted, even under restart 'always' or 'on-success'`));
  }
  for (const code of o.forceExitCodes) {
    if (o.preventExitCodes.includes(code)) {
      warnings.push(warn('force-code-prevented', 'forceExitCodes', `exit code ${code} is in both forceExitCodes and preventExitCodes: preventExitCodes wins, it is never restarted`));
    } else if (restartsAnyway(o, code)) {
      warnings.push(warn('force-code-redundant', 'forceExitCodes', `exit code ${code} in forceExitCodes has no effect: restart '${o.restart}' restarts it anyway`));
    }
  }
  return warnings;
}

// A short run turns a clean exit into an unclean code (minUptimeMs), so only 'always' or an unclean code is sure.
function restartsAnyway(o: ResolvedRestartPolicyOptions, code: number): boolean {
  const exitClass = classifyExit(exited(code), o.successExitCodes);
  return o.restart === 'always' || (exitClass === 'unclean-code' && modeRestarts(o.restart, exitClass));
}

function limitWarnings(o: ResolvedRestartPolicyOptions): PolicyWarning[] {
  if (o.restart === 'never' && o.forceExitCodes.length === 0) {
    const set = changed(o, UNLIMITED, ['maxRestarts', 'maxConsecutiveFailures', 'window', 'backoff']);
    // maxSpawnFailures 0 or 1 still turns the stop after a spawn failure into a giveup; more never takes effect.
    if (o.maxSpawnFailures > 1 && o.maxSpawnFailures !== DEFAULT_MAX_SPAWN_FAILURES) set.push('maxSpawnFailures');
    return set.length === 0 ? [] : [warn('never-with-limits', set[0] ?? 'restart', `restart 'never' without forceExitCodes never restarts: ${set.join(', ')} can never take effect`)];
  }
  // A limit of 0 answers every restart with a giveup: the other limits are moot.
  if (o.maxRestarts === 0) {
    return [warn('never-restarts', 'maxRestarts', 'maxRestarts is 0: every exit that would be restarted gives up instead, so the command is never restarted')];
  }
  if (o.window?.maxRestarts === 0) {
    return [warn('never-restarts', 'window.maxRestarts', 'window.maxRestarts is 0: every exit that would be restarted gives up instead, so the command is never restarted')];
  }
  const warnings: PolicyWarning[] = [...firstFailureWarnings(o), ...spawnFailureWarnings(o)];
  if (Number.isFinite(o.maxConsecutiveFailures) && o.maxConsecutiveFailures - 1 > o.maxRestarts) {
    warnings.push(warn('consecutive-failures-shadowed', 'maxConsecutiveFailures', `maxConsecutiveFailures ${o.maxConsecutiveFailures} needs ${plural(o.maxConsecutiveFailures - 1, 'restart')}, but maxRestarts ${o.maxRestarts} gives up first`));
  }
  if (o.window && Number.isFinite(o.window.maxRestarts)) {
    if (o.window.maxRestarts >= o.maxRestarts) {
      warnings.push(warn('window-shadowed', 'window.maxRestarts', `window.maxRestarts ${o.window.maxRestarts} is not below maxRestarts ${o.maxRestarts}: maxRestarts always gives up first`));
    } else {
      const span = shortestSpan(o.backoff, o.window.maxRestarts, o.window.periodMs);
      if (span >= o.window.periodMs) {
        warnings.push(warn('window-unreachable', 'window', windowMessage(o.window, span)));
      }
    }
  }
  return warnings;
}

// The defaults of the limits, against which never-with-limits tells which ones were set.
const UNLIMITED: Partial<ResolvedRestartPolicyOptions> = {
  maxRestarts: Number.POSITIVE_INFINITY,
  maxConsecutiveFailures: Number.POSITIVE_INFINITY,
  window: undefined,
  backoff: DEFAULT_BACKOFF,
};

// maxConsecutiveFailures 0 or 1 gives up at the first failure (the count includes the failed run). Whether that
// leaves anything to restart depends on what the mode and the force codes restart: clean exits, failures, or both.
function firstFailureWarnings(o: ResolvedRestartPolicyOptions): PolicyWarning[] {
  if (o.maxConsecutiveFailures > 1) return [];
  const n = o.maxConsecutiveFailures;
  const forcedClean = o.forceExitCodes.some((c) => o.successExitCodes.includes(c));
  const forcedFailure = o.forceExitCodes.some((c) => !o.successExitCodes.includes(c));
  const restartsClean = modeRestarts(o.restart, 'clean') || forcedClean;
  const restartsFailures = FAILURE_CLASSES.some((c) => modeRestarts(o.restart, c)) || forcedFailure;
  // Under 'on-success' without a forced failure code, a failure stops before any limit is looked at.
  if (!restartsFailures) return [];
  if (!restartsClean) {
    return [warn('never-restarts', 'maxConsecutiveFailures', `maxConsecutiveFailures ${n} gives up at the first failure, and restart '${o.restart}' restarts nothing but failures: the command is never restarted`)];
  }
  return [warn('gives-up-at-first-failure', 'maxConsecutiveFailures', `maxConsecutiveFailures ${n} gives up at the first failure: a failed run is never restarted, only clean exits are`)];
}

// Checked only for a maxSpawnFailures other than the default, which nobody chose for their policy.
function spawnFailureWarnings(o: ResolvedRestartPolicyOptions): PolicyWarning[] {
  const n = o.maxSpawnFailures;
  if (n <= 1 || !Number.isFinite(n) || n === DEFAULT_MAX_SPAWN_FAILURES) return [];
  const unreachable = (why: string) => [warn('max-spawn-failures-unreachable', 'maxSpawnFailures', `${why}: maxSpawnFailures ${n} can never take effect`)];
  if (!modeRestarts(o.restart, 'spawn-failed')) return unreachable(`restart '${o.restart}' stops at the first spawn failure`);
  if (Math.max(o.maxConsecutiveFailures, 1) < n) {
    return unreachable(`a spawn failure is a failure, and maxConsecutiveFailures ${o.maxConsecutiveFailures} gives up first`);
  }
  if (n - 1 > o.maxRestarts) return unreachable(`${plural(n - 1, 'restart')} come before the ${n}th spawn failure, and maxRestarts ${o.maxRestarts} gives up first`);
  return [];
}

const FAILURE_CLASSES: readonly ExitClass[] = ['unclean-code', 'unclean-signal', 'spawn-failed', 'timeout', 'watchdog', 'memory-limit'];

/**
 * A lower bound on the time from the first to the last of `n` restarts in a row, runs taking no time and jitter taking
 * off all it may: the n - 1 smallest delays (steps 1 to n - 1), or, through a run long enough to reset the backoff,
 * resetAfterMs. Stops adding once `enough` is reached; a delay that repeats is assumed to stay (an underestimate).
 */
function shortestSpan(backoff: Backoff, n: number, enough: number): number {
  const least = (step: number) => computeDelay(backoff, step, 1 - Number.EPSILON);
  let sum = 0;
  for (let step = 1; step < n && sum < enough; step += 1) {
    const delay = least(step);
    if (delay === least(step + 1)) {
      sum += delay * (n - step);
      break;
    }
    sum += delay;
  }
  return typeof backoff === 'number' ? sum : Math.min(sum, backoff.resetAfterMs);
}

function windowMessage(window: RestartWindow, span: number): string {
  return `window { maxRestarts: ${window.maxRestarts}, periodMs: ${window.periodMs} } can never be reached: with this backoff, ${plural(window.maxRestarts, 'restart')} in a row span at least ${formatMs(span)}, never under ${formatMs(window.periodMs)}`;
}

