import { explainPolicy, type PolicySpec } from '@daemonkit/core';
import { EXIT_CODES, UsageError } from '../errors.js';
import { policyFlagsHelp, PRESET_HELP, UNITS_HELP } from '../help.js';
import { parseCommandLine } from '../parse/command-line.js';
import { BOOLEAN_POLICY_FLAGS, policySpecFromFlags, PRESET_NAMES, type PresetName } from '../policy/flags.js';
import { policyFromSpec } from '../policy/from-spec.js';
import { HELP_FLAG, POLICY_FLAG_SPECS, stringValues } from './policy-args.js';

/** `--help`, with the flags of the preset given beside it (`explain --help --preset pm2`). */
export function helpFor(command: string, usage: string, what: string, example: string, values: Readonly<Record<string, unknown>>): string {
  const preset = typeof values.preset === 'string' && (PRESET_NAMES as string[]).includes(values.preset) ? (values.preset as PresetName) : 'restart';
  return `Usage: daemonkit ${command} ${usage}

${what}

${policyFlagsHelp(preset)}
${PRESET_HELP}
  --json                    print JSON
  -h, --help                this help

${UNITS_HELP}

Example:
  ${example}
`;
}

/** A command that takes only policy flags (explain, lint): its spec and --json, or undefined once --help is printed. */
export function policyCommand(
  argv: readonly string[],
  command: string,
  what: string,
  example: string,
): { readonly spec: PolicySpec; readonly json: boolean } | undefined {
  const { values, positionals } = parseCommandLine(argv, { ...POLICY_FLAG_SPECS, ...HELP_FLAG, json: { type: 'boolean' } }, BOOLEAN_POLICY_FLAGS);
  if (values.help) {
    process.stdout.write(helpFor(command, '[--preset <name>] [policy flags]', what, example, values));
    return undefined;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}: ${command} takes only policy flags`);
  return { spec: policySpecFromFlags(stringValues(values)), json: values.json === true };
}

export async function run(argv: readonly string[]): Promise<number> {
  const parsed = policyCommand(
    argv,
    'explain',
    'Says in words what the policy does: when it restarts, how long it waits, when it gives up.',
    'daemonkit explain --preset pm2 --max-restarts 15 --exp-backoff-restart-delay 100',
  );
  if (!parsed) return EXIT_CODES.ok;
  const { spec, json } = parsed;
  const text = explainPolicy(policyFromSpec(spec));
  process.stdout.write(json ? `${JSON.stringify({ policy: spec, explanation: text })}\n` : `${text}\n`);
  return EXIT_CODES.ok;
}
