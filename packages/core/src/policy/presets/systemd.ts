import {
  resolveSystemdPresetOptions,
  type ResolvedSystemdPresetOptions,
  type SystemdPresetOptions,
  type SystemdRestart,
} from '../../options/systemd-preset-options.js';
import type { ExitStatus } from '../../options/preset-fields.js';
import { computeDelay, type Backoff } from '../backoff.js';
import { classifyExit, modeRestarts, type ExitClass, type RestartMode } from '../classify-exit.js';
import { describeRun, formatMs } from '../describe.js';
import { describeBackoff, describeCodes, describeWindow, joinClauses } from '../explain-phrases.js';
import { MODE_PHRASES } from '../explain-restart-options.js';
import { recentRestarts, windowFull, type RestartWindow } from '../restart-window.js';
import type { ExitOutcome, PolicyStep, RunRecord } from '../types.js';
import { definePreset, restartStep, stopStep, type PresetPolicy } from './define-preset.js';

export interface SystemdState {
  /** systemd's n_restarts: the delay grows with it, and nothing but a new supervisor resets it. */
  readonly restarts: number;
  /** Start times inside StartLimitIntervalSec=, the first start included. */
  readonly starts: readonly number[];
}

export type SystemdPolicy = PresetPolicy<SystemdState, ResolvedSystemdPresetOptions>;

// systemd.exec(5): status 203/EXEC, "the actual process execution failed". systemd matches it like any exit code.
const EXEC_FAILED = 203;

// 'no' is daemonkit's 'never'.
const MODES: Readonly<Record<SystemdRestart, RestartMode>> = {
  no: 'never',
  always: 'always',
  'on-success': 'on-success',
  'on-failure': 'on-failure',
  'on-abnormal': 'on-abnormal',
  'on-abort': 'on-abort',
  'on-watchdog': 'on-watchdog',
};

/**
 * systemd.service(5)'s restart logic with its option names and defaults (Restart=no, RestartSec=100ms,
 * StartLimitBurst=5 within StartLimitIntervalSec=10s). Precedence as in systemd: requested stop >
 * RestartPreventExitStatus= > RestartForceExitStatus= > Restart= > start limit.
 *
 * - The delay is RestartSec=, or with RestartSteps= and RestartMaxDelaySec= it grows geometrically over that many
 *   restarts (ratio (max / RestartSec) ^ (1 / steps)), as systemd computes it; systemd never shrinks it again after
 *   a healthy run (its restart counter is only reset by a manual start), and neither does this preset.
 * - The start limit counts starts, the first one included, as systemd does: StartLimitBurst=5 allows the first start
 *   and 4 restarts within 10 s; the 5th restart within any 10 s gives up (start-limit-hit).
 *
 * Deliberate differences: the start-limit window slides (at most StartLimitBurst starts in any interval), where
 * systemd's is fixed from the first start it counts, so a burst straddling its end may get up to twice as many
 * starts there; a spawn failure is matched as exit status 203 (EXEC), which is what systemd reports; delays are whole
 * milliseconds (systemd computes microseconds); timeouts and the watchdog do not exist here.
 *
 * @example
 * presets.systemd({ restart: 'on-failure', restartSec: 1, restartSteps: 4, restartMaxDelaySec: 16 });
 * // delays 1 s, 2 s, 4 s, 8 s, 16 s, 16 s...; the 5th restart within 10 s gives up
 */
export function systemd(options?: SystemdPresetOptions): SystemdPolicy {
  const o = resolveSystemdPresetOptions(options);
  const backoff = systemdBackoff(o);
  const limit: RestartWindow | undefined =
    o.startLimitBurst > 0 && o.startLimitIntervalSec > 0
      ? { maxRestarts: o.startLimitBurst, periodMs: o.startLimitIntervalSec * 1000 }
      : undefined;
  return definePreset({
    name: `presets.systemd(Restart=${o.restart})`,
    options: o,
    initialState: (): SystemdState => ({ restarts: 0, starts: [] }),
    decide: (state, run) => decide(o, backoff, limit, state, run),
    explain: () => explain(o, backoff, limit),
  });
}

/** RestartSec=, grown over RestartSteps= to RestartMaxDelaySec= when all three allow it (service_restart_usec_next). */
function systemdBackoff(o: ResolvedSystemdPresetOptions): Backoff {
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

function decide(
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
  if (!forced && !modeRestarts(MODES[o.restart], exitClass)) {
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
      return outcome.signal as ExitStatus;
    case 'spawn-failed':
      return EXEC_FAILED;
    default:
      return exitStatus(outcome.exit);
  }
}

const statusLabel = (status: ExitStatus): string => (typeof status === 'number' ? `exit status ${status}` : status);

// SuccessExitStatus= adds to systemd's clean set (exit code 0 and SIGHUP, SIGINT, SIGTERM, SIGPIPE).
function classify(outcome: ExitOutcome, success: readonly ExitStatus[]): ExitClass {
  if (outcome.kind === 'signaled' && success.includes(outcome.signal as ExitStatus)) return 'clean';
  if (outcome.kind === 'spawn-failed') return success.includes(EXEC_FAILED) ? 'clean' : 'spawn-failed';
  return classifyExit(outcome, [0, ...success.filter((s): s is number => typeof s === 'number')]);
}

function explain(o: ResolvedSystemdPresetOptions, backoff: Backoff, limit: RestartWindow | undefined): string {
  const restarts = MODES[o.restart] !== 'never' || o.restartForceExitStatus.length > 0;
  return joinClauses([
    `Restart=${o.restart}: ${MODE_PHRASES[MODES[o.restart]]}`,
    o.restartForceExitStatus.length > 0 ? `always after ${describeCodes(o.restartForceExitStatus)}` : '',
    o.restartPreventExitStatus.length > 0 ? `never after ${describeCodes(o.restartPreventExitStatus)}` : '',
    o.successExitStatus.length > 0 ? `${describeCodes(o.successExitStatus)} also count as clean` : '',
    restarts && limit ? `${describeWindow(limit, 'start')} (the first start included)` : '',
    restarts ? describeBackoff(backoff) : '',
  ]);
}
