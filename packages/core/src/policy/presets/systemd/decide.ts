import { computeDelay, type Backoff } from '../../backoff.js';
import { classifyExit, modeRestarts, type ExitClass, type RestartMode } from '../../classify-exit.js';
import { describeRun, formatMs } from '../../describe.js';
import { recentRestarts, windowFull, type RestartWindow } from '../../restart-window.js';
import type { ExitOutcome, PolicyStep, RunRecord } from '../../types.js';
import { restartStep, stopStep } from '../define-preset.js';
import type { ExitStatus } from '../exit-status.js';
import type { ResolvedSystemdPresetOptions, SystemdRestart, SystemdState } from './types.js';

// systemd.exec(5): status 203/EXEC, "the actual process execution failed". systemd matches it like any exit code.
const EXEC_FAILED = 203;

/** Restart= values as daemonkit's restart modes ('no' is 'never'). */
export const SYSTEMD_MODES: Readonly<Record<SystemdRestart, RestartMode>> = {
  no: 'never',
  always: 'always',
  'on-success': 'on-success',
  'on-failure': 'on-failure',
  'on-abnormal': 'on-abnormal',
  'on-abort': 'on-abort',
  'on-watchdog': 'on-watchdog',
};

/** RestartSec=, grown over RestartSteps= to RestartMaxDelaySec= when all three allow it (service_restart_usec_next). */
export function systemdBackoff(o: ResolvedSystemdPresetOptions): Backoff {
  const initialMs = o.restartSec * 1000;
  const grows = o.restartSteps > 0 && o.restartSec > 0 && Number.isFinite(o.restartMaxDelaySec) && o.restartSec < o.restartMaxDelaySec;
  if (!grows) return initialMs;
  return {
    initialMs,
    factor: (o.restartMaxDelaySec / o.restartSec) ** (1 / o.restartSteps),
    maxMs: o.restartMaxDelaySec * 1000,
    jitter: 0,
    resetAfterMs: Number.POSITIVE_INFINITY,
  };
}

/** StartLimitBurst= within StartLimitIntervalSec=, or none when either is 0. */
export function systemdStartLimit(o: ResolvedSystemdPresetOptions): RestartWindow | undefined {
  return o.startLimitBurst > 0 && o.startLimitIntervalSec > 0
    ? { maxRestarts: o.startLimitBurst, periodMs: o.startLimitIntervalSec * 1000 }
    : undefined;
}

/** systemd's decision for a run it did not ask to end; pure. See presets.systemd(). */
export function decideSystemd(
  o: ResolvedSystemdPresetOptions,
  backoff: Backoff,
  limit: RestartWindow | undefined,
  state: SystemdState,
  run: RunRecord,
): PolicyStep<SystemdState> {
  const status = exitStatus(run.outcome);
  const exitClass = classify(run.outcome, o.successExitStatus);
  const failure = exitClass !== 'clean';
  const ended = describeRun(run);
  if (status !== undefined && o.restartPreventExitStatus.includes(status)) {
    return stopStep(state, failure, false, `${ended}; ${statusLabel(status)} is in RestartPreventExitStatus=`);
  }
  const forced = status !== undefined && o.restartForceExitStatus.includes(status);
  if (!forced && !modeRestarts(SYSTEMD_MODES[o.restart], exitClass)) {
    return stopStep(state, failure, false, `${ended}; Restart=${o.restart} does not restart it`);
  }
  const delayMs = computeDelay(backoff, state.restarts, 0);
  const starts = limit ? recentRestarts([...state.starts, run.startedAt], run.endedAt + delayMs, limit) : [];
  if (limit && windowFull(starts, limit)) {
    const reason = `start limit hit: ${starts.length} starts within ${formatMs(limit.periodMs)} (StartLimitBurst=${o.startLimitBurst}); last run ${ended}`;
    return stopStep(state, failure, true, reason);
  }
  const reason = forced && status !== undefined ? `${ended}; ${statusLabel(status)} is in RestartForceExitStatus=` : ended;
  return restartStep({ restarts: state.restarts + 1, starts }, delayMs, failure, reason);
}

// The status systemd would match against its lists. A run stopped as unhealthy (watchdog, readiness timeout, memory)
// matches by how its process then ended, as systemd matches the status of a service its watchdog killed.
function exitStatus(outcome: ExitOutcome): ExitStatus | undefined {
  switch (outcome.kind) {
    case 'exited':
      return outcome.code;
    case 'signaled':
      return outcome.signal;
    case 'spawn-failed':
      return EXEC_FAILED;
    default:
      return exitStatus(outcome.exit);
  }
}

const statusLabel = (status: ExitStatus): string => (typeof status === 'number' ? `exit status ${status}` : status);

// SuccessExitStatus= adds to systemd's clean set (exit code 0 and SIGHUP, SIGINT, SIGTERM, SIGPIPE).
function classify(outcome: ExitOutcome, success: readonly ExitStatus[]): ExitClass {
  if (outcome.kind === 'signaled' && success.includes(outcome.signal)) return 'clean';
  if (outcome.kind === 'spawn-failed') return success.includes(EXEC_FAILED) ? 'clean' : 'spawn-failed';
  return classifyExit(outcome, [0, ...success.filter((s): s is number => typeof s === 'number')]);
}
