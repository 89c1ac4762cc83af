import { computeDelay, resetsBackoff, type ExponentialBackoff } from '../../backoff.js';
import { describeRun } from '../../describe.js';
import { uptimeOf } from '../../outcomes.js';
import type { PolicyStep, RunRecord } from '../../types.js';
import { restartStep, stopStep } from '../define-preset.js';
import type { KubernetesState, ResolvedKubernetesPresetOptions } from './types.js';

/** The kubelet's CrashLoopBackOff: 10 s doubling to 5 min, no jitter, reset after 10 min of running. */
export const KUBERNETES_BACKOFF: ExponentialBackoff = Object.freeze({
  initialMs: 10_000,
  factor: 2,
  maxMs: 300_000,
  jitter: 0,
  resetAfterMs: 600_000,
});

/** The kubelet's decision for a run it did not ask to end; pure. See presets.kubernetes(). */
export function decideKubernetes(o: ResolvedKubernetesPresetOptions, state: KubernetesState, run: RunRecord): PolicyStep<KubernetesState> {
  const failure = !(run.outcome.kind === 'exited' && run.outcome.code === 0);
  const ended = describeRun(run);
  if (o.restartPolicy === 'Never') return stopStep(state, failure, false, `${ended}; restartPolicy is Never`);
  if (o.restartPolicy === 'OnFailure' && !failure) return stopStep(state, false, false, `${ended}; restartPolicy OnFailure: completed`);
  const step = resetsBackoff(KUBERNETES_BACKOFF, uptimeOf(run)) ? 0 : state.restarts;
  const delayMs = step === 0 ? 0 : computeDelay(KUBERNETES_BACKOFF, step - 1, 0);
  return restartStep({ restarts: step + 1 }, delayMs, failure, step === 0 ? ended : `CrashLoopBackOff: ${ended}`);
}
