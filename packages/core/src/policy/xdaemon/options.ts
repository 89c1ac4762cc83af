import { fieldSchemas } from '../../options/field-schemas.js';
import { createOptionsParser } from '../../options/parse-options.js';
import type { ResolvedXdaemonPolicyOptions, XdaemonPolicyOptions } from './types.js';

const parse = createOptionsParser(
  'xdaemonPolicy()',
  (z) => {
    const f = fieldSchemas(z);
    return z.strictObject({
      maxCount: z.optional(f.count()),
      maxError: z.optional(f.count()),
      minExitTime: z.optional(f.seconds()),
    });
  },
  { MaxCount: 'maxCount', MaxError: 'maxError', MinExitTime: 'minExitTime' },
);

/** Checks `xdaemonPolicy()` options and fills in xdaemon's defaults. Throws `InvalidOptionsError` naming the first bad option. */
export function resolveXdaemonPolicyOptions(input: XdaemonPolicyOptions | undefined): ResolvedXdaemonPolicyOptions {
  const o = parse(input);
  return Object.freeze({ maxCount: o.maxCount ?? 0, maxError: o.maxError ?? 3, minExitTime: o.minExitTime ?? 10 });
}
