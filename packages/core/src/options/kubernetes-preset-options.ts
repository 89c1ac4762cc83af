import { fieldSchemas } from './field-schemas.js';
import { createOptionsParser } from './parse-options.js';

/** A Pod's `spec.restartPolicy`. */
export type KubernetesRestartPolicy = 'Always' | 'OnFailure' | 'Never';

export const KUBERNETES_RESTART_POLICIES: readonly KubernetesRestartPolicy[] = Object.freeze(['Always', 'OnFailure', 'Never']);

/** The Pod setting that decides container restarts. */
export interface KubernetesPresetOptions {
  /** `Always`: after any exit; `OnFailure`: after a non-zero exit; `Never`. Default `'Always'`. */
  readonly restartPolicy?: KubernetesRestartPolicy;
}

export type ResolvedKubernetesPresetOptions = Required<KubernetesPresetOptions>;

const parse = createOptionsParser(
  'presets.kubernetes()',
  (z) => z.strictObject({ restartPolicy: z.optional(fieldSchemas(z).oneOf(KUBERNETES_RESTART_POLICIES)) }),
  { restart: 'restartPolicy', policy: 'restartPolicy' },
);

export function resolveKubernetesPresetOptions(input: KubernetesPresetOptions | undefined): ResolvedKubernetesPresetOptions {
  return Object.freeze({ restartPolicy: parse(input).restartPolicy ?? 'Always' });
}
