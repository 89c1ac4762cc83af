// The shapes the CLI expects from @daemonkit/core's control plane (issue 10) and rotating logs (issue 11), which are
// not in the core yet. Types only. TO BE REPLACED by imports from '@daemonkit/core' when issue 10 lands: then delete
// this file and let the compiler point at every difference.

export type PolicySpec = {
  readonly preset: 'restart' | 'xdaemon' | 'systemd' | 'supervisord' | 'pm2' | 'forever' | 'respawn' | 'otp' | 'kubernetes';
  readonly options?: Readonly<Record<string, unknown>>;
};

export interface LogFileOptions {
  path: string;
  maxBytes?: number;
  maxFiles?: number;
  compress?: boolean;
  stderrFile?: string;
  timestamps?: boolean;
}

export interface CommandServiceSpec {
  readonly command: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly instances?: number;
  readonly restart?: 'permanent' | 'transient' | 'temporary';
  readonly policy?: PolicySpec;
  readonly killSignal?: NodeJS.Signals;
  readonly killTimeoutMs?: number;
  readonly logFile?: string | LogFileOptions;
}

export interface StartDaemonOptions {
  readonly name: string;
  readonly services: Readonly<Record<string, CommandServiceSpec>>;
  readonly strategy?: 'one-for-one' | 'one-for-all' | 'rest-for-one';
  readonly intensity?: { maxRestarts: number; periodMs: number };
  readonly home?: string;
  readonly waitReady?: boolean;
  readonly timeoutMs?: number;
}

export interface ChildReport {
  readonly id: string;
  readonly service: string;
  readonly state: 'idle' | 'running' | 'backoff' | 'held' | 'stopping' | 'stopped';
  readonly pid?: number;
  readonly attempt: number;
  readonly restarts: number;
  readonly consecutiveFailures: number;
  readonly lastExit?: string;
  readonly uptimeMs?: number;
  readonly ready: boolean;
  readonly memoryBytes?: number;
  readonly logFile?: string;
}

export interface DaemonReport {
  readonly guard: {
    readonly pid: number;
    readonly name: string;
    readonly startedAt: string;
    readonly uptimeMs: number;
    readonly version: string;
    readonly state: string;
  };
  readonly children: readonly ChildReport[];
}
