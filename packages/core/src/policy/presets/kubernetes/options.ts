import { fieldSchemas } from '../../../options/field-schemas.js';
import { createOptionsParser } from '../../../options/parse-options.js';
import { KUBERNETES_RESTART_POLICIES, type KubernetesPresetOptions, type ResolvedKubernetesPresetOptions } from './types.js';

const parse = createOptionsParser(
  'presets.kubernetes()',
  (z) => z.strictObject({ restartPolicy: z.optional(fieldSchemas(z).oneOf(KUBERNETES_RESTART_POLICIES)) }),
  { restart: 'restartPolicy', policy: 'restartPolicy' },
);

/** Checks presets.kubernetes() options and fills in the peer's defaults. Throws `InvalidOptionsError` naming the first bad option. */
export function resolveKubernetesPresetOptions(input: KubernetesPresetOptions | undefined): ResolvedKubernetesPresetOptions {
  return Object.freeze({ restartPolicy: parse(input).restartPolicy ?? 'Always' });
}
