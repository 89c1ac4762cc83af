import { InvalidOptionsError } from '../errors.js';
import * as presets from './presets/index.js';
import { restartPolicy } from './restart/index.js';
import type { Policy } from './types.js';
import { xdaemonPolicy } from './xdaemon/index.js';

/** The policies a PolicySpec can name: `restart` (restartPolicy), `xdaemon`, and each peer preset. */
export const POLICY_SPEC_PRESETS = ['restart', 'xdaemon', 'systemd', 'supervisord', 'pm2', 'forever', 'respawn', 'otp', 'kubernetes'] as const;
export type PolicySpecPreset = (typeof POLICY_SPEC_PRESETS)[number];

/**
 * A policy as data, for a guard in another process (functions do not cross a process boundary): which constructor,
 * and its options (JSON), e.g. `{ preset: 'pm2', options: { max_restarts: 15 } }`.
 */
export interface PolicySpec {
  readonly preset: PolicySpecPreset;
  readonly options?: Readonly<Record<string, unknown>>;
}

const CONSTRUCTORS: Readonly<Record<PolicySpecPreset, (options: never) => Policy<any>>> = {
  restart: restartPolicy,
  xdaemon: xdaemonPolicy,
  systemd: presets.systemd,
  supervisord: presets.supervisord,
  pm2: presets.pm2,
  forever: presets.forever,
  respawn: presets.respawn,
  otp: presets.otp,
  kubernetes: presets.kubernetes,
};

/** The policy a spec names, built by its public constructor (whose errors name the option). */
export function policyFromSpec(spec: PolicySpec, where = 'policy'): Policy<any> {
  if (typeof spec !== 'object' || spec === null || !(POLICY_SPEC_PRESETS as readonly unknown[]).includes(spec.preset)) {
    throw new InvalidOptionsError(
      `${where}.preset must be one of ${POLICY_SPEC_PRESETS.join(', ')}; received ${JSON.stringify((spec as { preset?: unknown } | null)?.preset)}`,
      `${where}.preset`,
    );
  }
  return CONSTRUCTORS[spec.preset]((spec.options ?? {}) as never);
}
