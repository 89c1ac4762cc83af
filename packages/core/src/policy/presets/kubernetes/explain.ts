import { describeBackoff, joinClauses } from '../../explain-phrases.js';
import { KUBERNETES_BACKOFF } from './decide.js';
import type { ResolvedKubernetesPresetOptions } from './types.js';

/** presets.kubernetes()'s explain(). */
export function explainKubernetes(o: ResolvedKubernetesPresetOptions): string {
  return o.restartPolicy === 'Never'
    ? 'restartPolicy Never: never restarts'
    : joinClauses([
        `restartPolicy ${o.restartPolicy}: restarts after ${o.restartPolicy === 'Always' ? 'every exit' : 'a non-zero exit'}`,
        `the first at once, then ${describeBackoff(KUBERNETES_BACKOFF)}`,
        'never gives up',
      ]);
}
