// Policies that reproduce peers' documented restart semantics, with the peers' own option names. Each is pure.
export { systemd } from './systemd.js';
export type { SystemdPolicy, SystemdState } from './systemd.js';
export { supervisord } from './supervisord.js';
export type { SupervisordPolicy, SupervisordState } from './supervisord.js';
export { pm2, PM2_EXP_BACKOFF } from './pm2.js';
export type { Pm2Policy, Pm2State } from './pm2.js';
export { forever } from './forever.js';
export type { ForeverPolicy, ForeverState } from './forever.js';
export { respawn, RESPAWN_CLOCK_MS } from './respawn.js';
export type { RespawnPolicy, RespawnState } from './respawn.js';
export { otp } from './otp.js';
export type { OtpPolicy } from './otp.js';
export { kubernetes, KUBERNETES_BACKOFF } from './kubernetes.js';
export type { KubernetesPolicy, KubernetesState } from './kubernetes.js';
/** The seed's Daemon.Run loop: `xdaemonPolicy`, under its peer's name. */
export { xdaemonPolicy as xdaemon } from '../xdaemon-policy.js';
export type { PresetPolicy } from './define-preset.js';
export type { ExitStatus } from '../../options/preset-fields.js';
export type { SystemdPresetOptions, SystemdRestart } from '../../options/systemd-preset-options.js';
export type { SupervisordPresetOptions } from '../../options/supervisord-preset-options.js';
export type { Pm2PresetOptions } from '../../options/pm2-preset-options.js';
export type { ForeverPresetOptions } from '../../options/forever-preset-options.js';
export type { RespawnPresetOptions, RespawnSleep } from '../../options/respawn-preset-options.js';
export type { OtpPresetOptions, OtpRestart } from '../../options/otp-preset-options.js';
export type { KubernetesPresetOptions, KubernetesRestartPolicy } from '../../options/kubernetes-preset-options.js';
