import { fieldSchemas } from './field-schemas.js';
import { createOptionsParser } from './parse-options.js';

/** The seed's Daemon fields, with its names and defaults (NewDaemon: MaxCount 0, MaxError 3, MinExitTime 10). */
export interface XdaemonPolicyOptions {
  /** Stop once this many runs happened, the first included; 0 = unlimited. Default 0. */
  readonly maxCount?: number;
  /** Give up when consecutive failures exceed this (3: the 4th failure in a row stops). Default 3. */
  readonly maxError?: number;
  /** A run shorter than this many seconds is a failure, whatever its exit code. Default 10. */
  readonly minExitTime?: number;
}

export type ResolvedXdaemonPolicyOptions = Required<XdaemonPolicyOptions>;

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

export function resolveXdaemonPolicyOptions(input: XdaemonPolicyOptions | undefined): ResolvedXdaemonPolicyOptions {
  const o = parse(input);
  return Object.freeze({ maxCount: o.maxCount ?? 0, maxError: o.maxError ?? 3, minExitTime: o.minExitTime ?? 10 });
}
