import type { PresetPolicy } from '../define-preset.js';

/** respawn's sleep: a delay in ms, a list indexed by the restart count (the last repeats), or a function of it. */
export type RespawnSleep = number | readonly number[] | ((restarts: number) => number);

/** respawn's restart options, with its names and units (milliseconds). */
export interface RespawnPresetOptions {
  /** Restarts allowed within 60 s of run time; -1 (or Infinity) for unlimited. Default -1. */
  readonly maxRestarts?: number;
  /**
   * Milliseconds to sleep before a restart: a number, a list (entry n-1 for the nth restart, the last one repeating),
   * or a function given the restart count (1 for the first) that returns milliseconds. A function must be pure:
   * the same count gives the same delay, with no clock or randomness. Default 1000.
   */
  readonly sleep?: RespawnSleep;
}

export interface ResolvedRespawnPresetOptions {
  readonly maxRestarts: number;
  readonly sleep: RespawnSleep;
}
export interface RespawnState {
  /** respawn's `restarts`: restarts since the 60 s clock last ran out. */
  readonly restarts: number;
  /** respawn's `clock`: run time left, in ms, before the restart count starts over. */
  readonly clockMs: number;
}

export type RespawnPolicy = PresetPolicy<RespawnState, ResolvedRespawnPresetOptions>;
