import type { FlagSpec } from '../parse/command-line.js';
import { ALL_POLICY_FLAGS } from '../policy/flags.js';

/** The command-line flags of every policy and --preset: all strings, converted by policySpecFromFlags(). */
export const POLICY_FLAG_SPECS: Readonly<Record<string, FlagSpec>> = {
  preset: { type: 'string' },
  ...Object.fromEntries(ALL_POLICY_FLAGS.map((flag) => [flag, { type: 'string' } as const])),
};

export const HELP_FLAG: Readonly<Record<string, FlagSpec>> = { help: { type: 'boolean', short: 'h' } };

/** Policy flags' values as text, for policySpecFromFlags(). */
export function stringValues(values: Readonly<Record<string, unknown>>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}
