import { describeRun, plural } from '../describe.js';
import type { PolicyStep, RunRecord } from '../types.js';
import type { ResolvedXdaemonPolicyOptions, XdaemonPolicyState } from './types.js';

/** xdaemon's Daemon.Run loop, one exit at a time; pure. See xdaemonPolicy(). */
export function decideXdaemon(o: ResolvedXdaemonPolicyOptions, state: XdaemonPolicyState, run: RunRecord): PolicyStep<XdaemonPolicyState> {
  if (run.stopRequested) {
    return { state, decision: { action: 'stop', failure: false, giveup: false, reason: 'stop requested' } };
  }
  // xdaemon knows only exits and failed starts; a run the supervisor ended as unhealthy is a failure too.
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
