import { lintPolicy } from '@daemonkit/core';
import { EXIT_CODES } from '../errors.js';
import { flagOfOption } from '../policy/flags.js';
import { policyFromSpec } from '../policy/from-spec.js';
import { colorsFor } from '../output/colors.js';
import { policyCommand } from './explain.js';

export async function run(argv: readonly string[]): Promise<number> {
  const parsed = policyCommand(
    argv,
    'lint',
    'Warns about settings that can never take effect or that do what people do not expect. Exits 1 when it warns.',
    'daemonkit lint --restart on-failure --max-restarts 10 --window 3/1m',
  );
  if (!parsed) return EXIT_CODES.ok;
  const { spec, json } = parsed;
  const warnings = lintPolicy(policyFromSpec(spec)).map((w) => ({ ...w, flag: flagOfOption(spec.preset, w.option) }));
  if (json) {
    process.stdout.write(`${JSON.stringify({ policy: spec, warnings })}\n`);
  } else if (warnings.length === 0) {
    process.stdout.write('No warnings.\n');
  } else {
    const c = colorsFor(process.stdout);
    for (const w of warnings) process.stdout.write(`${c.yellow('warning')} ${w.flag ?? w.option} (${w.code}): ${w.message}\n`);
  }
  return warnings.length === 0 ? EXIT_CODES.ok : EXIT_CODES.failure;
}
