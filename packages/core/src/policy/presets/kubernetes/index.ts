import { definePreset } from '../define-preset.js';
import { decideKubernetes } from './decide.js';
import { explainKubernetes } from './explain.js';
import { resolveKubernetesPresetOptions } from './options.js';
import type { KubernetesPolicy, KubernetesPresetOptions, KubernetesState } from './types.js';

export { KUBERNETES_BACKOFF } from './decide.js';

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
    decide: (state, run) => decideKubernetes(o, state, run),
    explain: () => explainKubernetes(o),
    // The kubelet has no setting that can fail to take effect here.
    lint: () => [],
  });
}
