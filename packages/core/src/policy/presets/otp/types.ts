import type { RestartPolicyState } from '../../restart/types.js';
import type { PresetPolicy } from '../define-preset.js';

/** An OTP child's restart type. */
export type OtpRestart = 'permanent' | 'transient' | 'temporary';

export const OTP_RESTART_TYPES: readonly OtpRestart[] = Object.freeze(['permanent', 'transient', 'temporary']);

/** A child spec's `restart` and the supervisor flags `intensity` and `period` of Erlang/OTP's supervisor. */
export interface OtpPresetOptions {
  /** `permanent`: always restarted; `transient`: only after an abnormal exit; `temporary`: never. Default `'permanent'`. */
  readonly restart?: OtpRestart;
  /** Restarts allowed within `period`; one more shuts the supervisor down. Default 1. */
  readonly intensity?: number;
  /** The window of `intensity`, in seconds. Default 5. */
  readonly period?: number;
}

export type ResolvedOtpPresetOptions = Required<OtpPresetOptions>;
export type OtpPolicy = PresetPolicy<RestartPolicyState, ResolvedOtpPresetOptions>;
