import { withLint } from '../lint/attach.js';
import type { RunRecord } from '../types.js';
import { decideXdaemon } from './decide.js';
import { explainXdaemon } from './explain.js';
import { lintXdaemon } from './lint.js';
import { resolveXdaemonPolicyOptions } from './options.js';
import type { XdaemonPolicy, XdaemonPolicyOptions, XdaemonPolicyState } from './types.js';

export type { XdaemonPolicy, XdaemonPolicyOptions, XdaemonPolicyState, ResolvedXdaemonPolicyOptions } from './types.js';

/**
 * xdaemon's Daemon.Run loop, decision for decision: any exit is restarted at once; a spawn failure or a run shorter
 * than `minExitTime` seconds is a failure whatever its exit code, a longer run resets the count; it gives up (exit 1
 * in xdaemon) when failures in a row exceed `maxError`, and completes (exit 0) when `maxCount` runs happened.
 * The failure check comes first, as in xdaemon. Deliberate difference: runtime is measured in ms, where xdaemon
 * compares whole Unix seconds (so 9.6 s could pass for 10 s there).
 */
export function xdaemonPolicy(options?: XdaemonPolicyOptions): XdaemonPolicy {
  const o = resolveXdaemonPolicyOptions(options);
  const policy: XdaemonPolicy = {
    name: 'xdaemonPolicy',
    options: o,
    initialState: (): XdaemonPolicyState => ({ errNum: 0 }),
    decide: (state: XdaemonPolicyState, run: RunRecord) => decideXdaemon(o, state, run),
    explain: () => explainXdaemon(o),
  };
  return withLint(policy, () => lintXdaemon(o));
}
