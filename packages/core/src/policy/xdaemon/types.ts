import type { Policy } from '../types.js';

/** xdaemon's Daemon fields, with its names and defaults (NewDaemon: MaxCount 0, MaxError 3, MinExitTime 10). */
export interface XdaemonPolicyOptions {
  /** Stop once this many runs happened, the first included; 0 = unlimited. Default 0. */
  readonly maxCount?: number;
  /** Give up when consecutive failures exceed this (3: the 4th failure in a row stops). Default 3. */
  readonly maxError?: number;
  /** A run shorter than this many seconds is a failure, whatever its exit code. Default 10. */
  readonly minExitTime?: number;
}

export type ResolvedXdaemonPolicyOptions = Required<XdaemonPolicyOptions>;

export interface XdaemonPolicyState {
  /** xdaemon's errNum: failures in a row. */
  readonly errNum: number;
}

export interface XdaemonPolicy extends Policy<XdaemonPolicyState> {
  readonly options: ResolvedXdaemonPolicyOptions;
}
