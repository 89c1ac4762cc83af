import {
  resolveXdaemonPolicyOptions,
  type ResolvedXdaemonPolicyOptions,
  type XdaemonPolicyOptions,
} from '../options/xdaemon-options.js';
import { describeRun, plural } from './describe.js';
import { joinClauses } from './explain-phrases.js';
import type { Policy, PolicyStep, RunRecord } from './types.js';

export interface XdaemonPolicyState {
  /** The seed's errNum: failures in a row. */
  readonly errNum: number;
}

export interface XdaemonPolicy extends Policy<XdaemonPolicyState> {
  readonly options: ResolvedXdaemonPolicyOptions;
}

/**
 * The seed's Daemon.Run loop, decision for decision: any exit is restarted at once; a spawn failure or a run shorter
 * than `minExitTime` seconds is a failure whatever its exit code, a longer run resets the count; it gives up (exit 1
 * in the seed) when failures in a row exceed `maxError`, and completes (exit 0) when `maxCount` runs happened.
 * The failure check comes first, as in the seed. Deliberate difference: runtime is measured in ms, where the seed
 * compares whole Unix seconds (so 9.6 s could pass for 10 s there).
 */
export function xdaemonPolicy(options?: XdaemonPolicyOptions): XdaemonPolicy {
  const o = resolveXdaemonPolicyOptions(options);
  return Object.freeze({
    name: 'xdaemonPolicy',
    options: o,
    initialState: (): XdaemonPolicyState => ({ errNum: 0 }),
    decide: (state: XdaemonPolicyState, run: RunRecord) => decide(o, state, run),
    explain: () =>
      joinClauses([
        'restarts after every exit, at once',
        `a run under ${o.minExitTime} s or a spawn failure is a failure`,
        `gives up after ${plural(o.maxError + 1, 'failure')} in a row`,
        o.maxCount > 0 ? `completes after ${plural(o.maxCount, 'run')}` : '',
      ]),
  });
}

function decide(o: ResolvedXdaemonPolicyOptions, state: XdaemonPolicyState, run: RunRecord): PolicyStep<XdaemonPolicyState> {
  if (run.stopRequested) {
    return { state, decision: { action: 'stop', failure: false, giveup: false, reason: 'stop requested' } };
  }
  // The seed knows only exits and failed starts; a run the supervisor ended as unhealthy is a failure too.
  const endedByItself = run.outcome.kind === 'exited' || run.outcome.kind === 'signaled';
  const failure = !endedByItself || run.runtimeMs < o.minExitTime * 1000;
  const errNum = failure ? state.errNum + 1 : 0;
  const ended = describeRun(run);
  if (errNum > o.maxError) {
    return {
      state: { errNum },
      decision: { action: 'stop', failure, giveup: true, reason: `${plural(errNum, 'failure')} in a row (maxError ${o.maxError}); last run ${ended}` },
    };
  }
  if (o.maxCount > 0 && run.attempt >= o.maxCount) {
    return {
      state: { errNum },
      decision: { action: 'stop', failure, giveup: false, reason: `${run.attempt} runs (maxCount ${o.maxCount}); last run ${ended}` },
    };
  }
  return { state: { errNum }, decision: { action: 'restart', delayMs: 0, failure, reason: ended } };
}
