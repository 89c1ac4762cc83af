import type { PresetPolicy } from '../define-preset.js';

/** forever-monitor's restart options, with its names and units (milliseconds). */
export interface ForeverPresetOptions {
  /** The most times the script runs, the first run included. Default Infinity (forever-monitor: unset). */
  readonly max?: number;
  /** Milliseconds a run must last not to be "spinning". Default 0 (the forever CLI defaults it to 1000). */
  readonly minUptime?: number;
  /** Milliseconds to wait before restarting a spinning script; unset, a spinning script is not restarted. Default: unset. */
  readonly spinSleepTime?: number;
}

export interface ResolvedForeverPresetOptions {
  readonly max: number;
  readonly minUptime: number;
  readonly spinSleepTime: number | undefined;
}
export interface ForeverState {
  /** forever-monitor's `times`: runs so far. */
  readonly times: number;
}

export type ForeverPolicy = PresetPolicy<ForeverState, ResolvedForeverPresetOptions>;
