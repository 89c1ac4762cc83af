import { uptimeOf } from '../outcomes.js';
import {
  resolveKubernetesPresetOptions,
  type KubernetesPresetOptions,
  type ResolvedKubernetesPresetOptions,
} from '../../options/kubernetes-preset-options.js';
import { computeDelay, resetsBackoff, type ExponentialBackoff } from '../backoff.js';
import { describeRun } from '../describe.js';
import { describeBackoff, joinClauses } from '../explain-phrases.js';
import type { PolicyStep, RunRecord } from '../types.js';
import { definePreset, restartStep, stopStep, type PresetPolicy } from './define-preset.js';

export interface KubernetesState {
  /** Restarts since the backoff last reset; the first one is immediate. */
  readonly restarts: number;
}

export type KubernetesPolicy = PresetPolicy<KubernetesState, ResolvedKubernetesPresetOptions>;

/** The kubelet's CrashLoopBackOff: 10 s doubling to 5 min, no jitter, reset after 10 min of running. */
export const KUBERNETES_BACKOFF: ExponentialBackoff = Object.freeze({
  initialMs: 10_000,
  factor: 2,
  maxMs: 300_000,
  jitter: 0,
  resetAfterMs: 600_000,
});

/**
 * A Pod's `restartPolicy` with the kubelet's CrashLoopBackOff: `Always` restarts after any exit, `OnFailure` after a
 * non-zero exit (a signal death is one: the container reports 128 + the signal number), `Never` never. The first
 * restart is immediate, the next ones wait 10 s, 20 s, 40 s... up to 5 min; a run of 10 min resets that, and the next
 * crash is treated as the first. Kubernetes never gives up.
 *
 * Deliberate differences: the kubelet measures the 10 min from the previous exit (so the wait counts), here it is the
 * run's own uptime, as the documentation words it; newer kubelets can be configured with other backoff bounds, this
 * preset has the documented defaults. Ambiguous across the docs' versions: older pages list the delays as "10s, 20s,
 * 40s" from the first restart; the current "Container restarts" page (and the kubelet) restart the first crash at
 * once, as here.
 */
export function kubernetes(options?: KubernetesPresetOptions): KubernetesPolicy {
  const o = resolveKubernetesPresetOptions(options);
  return definePreset({
    name: `presets.kubernetes(${o.restartPolicy})`,
    options: o,
    initialState: (): KubernetesState => ({ restarts: 0 }),
    decide: (state, run) => decide(o, state, run),
    explain: () =>
      o.restartPolicy === 'Never'
        ? 'restartPolicy Never: never restarts'
        : joinClauses([
            `restartPolicy ${o.restartPolicy}: restarts after ${o.restartPolicy === 'Always' ? 'every exit' : 'a non-zero exit'}`,
            `the first at once, then ${describeBackoff(KUBERNETES_BACKOFF)}`,
            'never gives up',
          ]),
  });
}

function decide(o: ResolvedKubernetesPresetOptions, state: KubernetesState, run: RunRecord): PolicyStep<KubernetesState> {
  const failure = !(run.outcome.kind === 'exited' && run.outcome.code === 0);
  const ended = describeRun(run);
  if (o.restartPolicy === 'Never') return stopStep(state, failure, false, `${ended}; restartPolicy is Never`);
  if (o.restartPolicy === 'OnFailure' && !failure) return stopStep(state, false, false, `${ended}; restartPolicy OnFailure: completed`);
  const step = resetsBackoff(KUBERNETES_BACKOFF, uptimeOf(run)) ? 0 : state.restarts;
  const delayMs = step === 0 ? 0 : computeDelay(KUBERNETES_BACKOFF, step - 1, 0);
  return restartStep({ restarts: step + 1 }, delayMs, failure, step === 0 ? ended : `CrashLoopBackOff: ${ended}`);
}
