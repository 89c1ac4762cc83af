import { computeDelay, resetsBackoff } from '../backoff.js';
import { classifyExit, modeRestarts, type ExitClass } from '../classify-exit.js';
import { describeRun, formatMs, plural } from '../describe.js';
import { uptimeOf } from '../outcomes.js';
import { recentRestarts, windowFull } from '../restart-window.js';
import { isPermanentSpawnFailure } from '../spawn-errors.js';
import type { Decision, PolicyContext, PolicyStep, RunRecord } from '../types.js';
import type { ResolvedRestartPolicyOptions, RestartPolicyState } from './types.js';

/** restartPolicy()'s state before its first run. */
export const initialRestartState = (): RestartPolicyState => ({
  restarts: 0,
  consecutiveFailures: 0,
  spawnFailures: 0,
  backoffStep: 0,
  recentRestarts: [],
});

/**
 * restartPolicy()'s decision, pure: rules apply in one chain, requested stop > maxSpawnFailures (permanent spawn
 * failures in a row) > preventExitCodes > forceExitCodes > restart mode > limits (maxConsecutiveFailures,
 * maxRestarts, window) > delay.
 */
export function decideRestart(
  o: ResolvedRestartPolicyOptions,
  state: RestartPolicyState,
  run: RunRecord,
  context: PolicyContext,
): PolicyStep<RestartPolicyState> {
  if (run.stopRequested) {
    return { state, decision: { action: 'stop', failure: false, giveup: false, reason: 'stop requested' } };
  }
  const upMs = uptimeOf(run);
  const tooShort = upMs < o.minUptimeMs;
  const exitClass: ExitClass = effectiveClass(classifyExit(run.outcome, o.successExitCodes), tooShort);
  const failure = exitClass !== 'clean';
  const consecutiveFailures = failure ? state.consecutiveFailures + 1 : 0;
  const spawnFailures = isPermanentSpawnFailure(run.outcome) ? state.spawnFailures + 1 : 0;
  // A literal, not a spread: decided once per exit, and V8 copies a fixed shape faster.
  const counted: RestartPolicyState = {
    restarts: state.restarts,
    consecutiveFailures,
    spawnFailures,
    backoffStep: state.backoffStep,
    recentRestarts: state.recentRestarts,
  };
  const ended = describeRun(run) + (tooShort ? ` (under minUptimeMs ${formatMs(o.minUptimeMs)})` : '');
  const stop = (giveup: boolean, reason: string): PolicyStep<RestartPolicyState> => ({
    state: counted,
    decision: { action: 'stop', failure, giveup, reason },
  });

  // A command that cannot be found or run will not be found next time either: no restart mode or limit helps it.
  if (run.outcome.kind === 'spawn-failed' && spawnFailures > 0 && spawnFailures >= o.maxSpawnFailures) {
    return stop(
      true,
      `${run.outcome.code} does not fix itself: ${plural(spawnFailures, 'permanent spawn failure')} in a row (maxSpawnFailures ${o.maxSpawnFailures}); last run ${ended}`,
    );
  }

  const code = run.outcome.kind === 'exited' ? run.outcome.code : undefined;
  if (code !== undefined && o.preventExitCodes.includes(code)) {
    return stop(false, `${ended}; exit code ${code} is in preventExitCodes`);
  }
  const forced = code !== undefined && o.forceExitCodes.includes(code);
  if (!forced && !modeRestarts(o.restart, exitClass)) {
    return stop(false, `${ended}; restart '${o.restart}' does not restart a${exitClassPhrase(exitClass)}`);
  }

  if (failure && consecutiveFailures >= o.maxConsecutiveFailures) {
    return stop(
      true,
      `${plural(consecutiveFailures, 'consecutive failure')} (maxConsecutiveFailures ${o.maxConsecutiveFailures}); last run ${ended}`,
    );
  }
  if (state.restarts >= o.maxRestarts) {
    return stop(true, `${plural(state.restarts, 'restart')} already (maxRestarts ${o.maxRestarts}); last run ${ended}`);
  }
  const recent = o.window ? recentRestarts(state.recentRestarts, run.endedAt, o.window) : [];
  if (o.window && windowFull(recent, o.window)) {
    return stop(
      true,
      `${plural(recent.length, 'restart')} within ${formatMs(o.window.periodMs)} (window.maxRestarts ${o.window.maxRestarts}); last run ${ended}`,
    );
  }

  const step = resetsBackoff(o.backoff, upMs) ? 0 : state.backoffStep;
  const delayMs = computeDelay(o.backoff, step, context.random());
  const decision: Decision = {
    action: 'restart',
    delayMs,
    failure,
    reason: forced ? `${ended}; exit code ${code} is in forceExitCodes` : ended,
  };
  return {
    decision,
    state: {
      restarts: state.restarts + 1,
      consecutiveFailures,
      spawnFailures,
      backoffStep: step + 1,
      // The restart happens once the delay has passed; OTP counts it then.
      recentRestarts: o.window ? [...recent, run.endedAt + delayMs] : state.recentRestarts,
    },
  };
}

// A run under minUptimeMs is a failure even when it exited cleanly: it is treated as an unclean exit code.
function effectiveClass(exitClass: ExitClass, tooShort: boolean): ExitClass {
  return tooShort && exitClass === 'clean' ? 'unclean-code' : exitClass;
}

function exitClassPhrase(exitClass: ExitClass): string {
  switch (exitClass) {
    case 'clean':
      return ' clean exit';
    case 'unclean-code':
      return 'n unclean exit code';
    case 'unclean-signal':
      return 'n unclean signal';
    case 'spawn-failed':
      return ' spawn failure';
    case 'timeout':
      return ' readiness timeout';
    case 'watchdog':
      return ' watchdog timeout';
    case 'memory-limit':
      return ' memory limit';
  }
}
