// Policies that reproduce peers' documented restart semantics, with the peers' own option names. Each is pure.
export { systemd } from './systemd/index.js';
export type { SystemdPolicy, SystemdState } from './systemd/types.js';
export { supervisord } from './supervisord/index.js';
export type { SupervisordPolicy, SupervisordState } from './supervisord/types.js';
export { pm2, PM2_EXP_BACKOFF } from './pm2/index.js';
export type { Pm2Policy, Pm2State } from './pm2/types.js';
export { forever } from './forever/index.js';
export type { ForeverPolicy, ForeverState } from './forever/types.js';
export { respawn, RESPAWN_CLOCK_MS } from './respawn/index.js';
export type { RespawnPolicy, RespawnState } from './respawn/types.js';
export { otp } from './otp/index.js';
export type { OtpPolicy } from './otp/types.js';
export { kubernetes, KUBERNETES_BACKOFF } from './kubernetes/index.js';
export type { KubernetesPolicy, KubernetesState } from './kubernetes/types.js';
/** xdaemon's Daemon.Run loop: `xdaemonPolicy`, under its library's name. */
export { xdaemonPolicy as xdaemon } from '../xdaemon/index.js';
export type { PresetPolicy } from './define-preset.js';
export type { ExitStatus } from './exit-status.js';
export type { SystemdPresetOptions, SystemdRestart } from './systemd/types.js';
export type { SupervisordPresetOptions } from './supervisord/types.js';
export type { Pm2PresetOptions } from './pm2/types.js';
export type { ForeverPresetOptions } from './forever/types.js';
export type { RespawnPresetOptions, RespawnSleep } from './respawn/types.js';
export type { OtpPresetOptions, OtpRestart } from './otp/types.js';
export type { KubernetesPresetOptions, KubernetesRestartPolicy } from './kubernetes/types.js';
