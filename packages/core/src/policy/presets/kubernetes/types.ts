import type { PresetPolicy } from '../define-preset.js';

/** A Pod's `spec.restartPolicy`. */
export type KubernetesRestartPolicy = 'Always' | 'OnFailure' | 'Never';

export const KUBERNETES_RESTART_POLICIES: readonly KubernetesRestartPolicy[] = Object.freeze(['Always', 'OnFailure', 'Never']);

/** The Pod setting that decides container restarts. */
export interface KubernetesPresetOptions {
  /** `Always`: after any exit; `OnFailure`: after a non-zero exit; `Never`. Default `'Always'`. */
  readonly restartPolicy?: KubernetesRestartPolicy;
}

export type ResolvedKubernetesPresetOptions = Required<KubernetesPresetOptions>;
export interface KubernetesState {
  /** Restarts since the backoff last reset; the first one is immediate. */
  readonly restarts: number;
}

export type KubernetesPolicy = PresetPolicy<KubernetesState, ResolvedKubernetesPresetOptions>;
