import { lintPolicy } from '@daemonkit/core';
import { EXIT_CODES, UsageError } from '../errors.js';
import { parseCommandLine } from '../parse/command-line.js';
import { BOOLEAN_POLICY_FLAGS, flagOfOption, policySpecFromFlags } from '../policy/flags.js';
import { policyFromSpec } from '../policy/from-spec.js';
import { colorsFor } from '../output/colors.js';
import { helpFor } from './explain.js';
import { HELP_FLAG, POLICY_FLAG_SPECS, stringValues } from './policy-args.js';

export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, { ...POLICY_FLAG_SPECS, ...HELP_FLAG, json: { type: 'boolean' } }, BOOLEAN_POLICY_FLAGS);
  if (values.help) {
    process.stdout.write(
      helpFor(
        'lint',
        '[--preset <name>] [policy flags]',
        'Warns about settings that can never take effect or that do what people do not expect. Exits 1 when it warns.',
        'daemonkit lint --restart on-failure --max-restarts 10 --window 3/1m',
        values,
      ),
    );
    return EXIT_CODES.ok;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}: lint takes only policy flags`);
  const spec = policySpecFromFlags(stringValues(values));
  const warnings = lintPolicy(policyFromSpec(spec)).map((w) => ({ ...w, flag: flagOfOption(spec.preset, w.option) }));
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ policy: spec, warnings })}\n`);
  } else if (warnings.length === 0) {
    process.stdout.write('No warnings.\n');
  } else {
    const c = colorsFor(process.stdout);
    for (const w of warnings) process.stdout.write(`${c.yellow('warning')} ${w.flag ?? w.option} (${w.code}): ${w.message}\n`);
  }
  return warnings.length === 0 ? EXIT_CODES.ok : EXIT_CODES.failure;
}
