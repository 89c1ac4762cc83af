import { InvalidOptionsError, policyFromSpec as corePolicyFromSpec, type Policy, type PolicySpec } from '@daemonkit/core';
import { UsageError } from '../errors.js';
import { INFINITY } from '../parse/values.js';
import { flagOfOption } from './flags.js';

// A PolicySpec becomes a Policy through the core's policyFromSpec() (its public constructors); the CLI decides nothing itself.

/** Where the spec came from, for messages: flags (the option's flag is named) or a config path (`apps.web.policy`). */
export type SpecSource = { readonly kind: 'flags' } | { readonly kind: 'config'; readonly path: string };

/** The spec's options with every `"Infinity"` (JSON's stand-in, see INFINITY) turned back into Infinity. */
export function reviveOptions(value: unknown): unknown {
  if (value === INFINITY) return Number.POSITIVE_INFINITY;
  if (Array.isArray(value)) return value.map(reviveOptions);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveOptions(v)]));
  }
  return value;
}

/**
 * The Policy of a spec, built by the core's constructor for its preset. The core's option errors become usage
 * errors naming the flag (`--max-restarts: restartPolicy(): expected ...`) or the config path.
 */
export function policyFromSpec(spec: PolicySpec, source: SpecSource = { kind: 'flags' }): Policy<unknown> {
  try {
    return corePolicyFromSpec({ preset: spec.preset, options: reviveOptions(spec.options ?? {}) as Record<string, unknown> });
  } catch (error) {
    if (!(error instanceof InvalidOptionsError)) throw error;
    const where =
      source.kind === 'flags'
        ? (flagOfOption(spec.preset, error.option) ?? (spec.preset === 'restart' ? 'policy flags' : `--preset ${spec.preset}`))
        : `${source.path}.options.${error.option}`;
    throw new UsageError(`${where}: ${error.message}`, { cause: error });
  }
}
