import type { Readable } from 'node:stream';
import type { ExitOutcome } from '../policy/types.js';

/** What to start. Always without a shell: `command` is a file and `args` are passed as they are. */
export interface SpawnSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string | undefined;
  readonly env: Readonly<Record<string, string>>;
  /** How the child's stdin, stdout and stderr are wired; a number is an open file descriptor. */
  readonly stdio: readonly ['ignore' | 'inherit' | 'pipe', StdioTarget, StdioTarget];
  /** Open an IPC channel to a Node child (fd 3): the child sees `process.send` and a `disconnect` when it closes. */
  readonly ipc?: boolean;
  /** What the child's group gets if this process exits while the child's run is not over. Default SIGTERM. */
  readonly killSignal?: NodeJS.Signals;
}

export type StdioTarget = 'ignore' | 'inherit' | 'pipe' | number;

export interface ChildHooks {
  /**
   * Called once when the child has exited or could not be spawned. Never called synchronously from `spawn()`.
   * `lateByMs`: how long after the exit this report comes, when the spawner waited (for piped output to drain), so
   * that the run's end is recorded when the process ended.
   */
  onExit(outcome: ExitOutcome, lateByMs?: number): void;
  /** Called for each message the child sends over its IPC channel (only with `ipc`). */
  onMessage?(message: unknown): void;
}

/** A started child. `pid` is undefined when the spawn failed; `onExit` then reports `spawn-failed`. */
export interface ChildHandle {
  readonly pid: number | undefined;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Sends `signal` to the child's whole process group (the child alone where groups do not exist). */
  signal(signal: NodeJS.Signals): void;
  /** Sends `signal` to the child alone, only while it has not exited. Optional: without it nothing is sent. */
  signalProcess?(signal: NodeJS.Signals): void;
  /** Whether any live member of the child's process group remains (checked after the child itself exited). */
  groupAlive(): boolean;
  /**
   * The pids of the live members of the child's process group, for reports about processes that would not die.
   * Optional: without it a live group is reported as its leader's pid.
   */
  groupMembers?(): readonly number[];
  /** Sends a message over the IPC channel; false when there is none (no `ipc`, or the child closed it). */
  send?(message: unknown): boolean;
  /**
   * The run is over and its group is gone: the spawner may forget the child (stop watching it for its own process's
   * exit clean-up). Optional.
   */
  release?(): void;
}

/** The seam between the supervisor's sequencing and real processes. */
export interface Spawner {
  spawn(spec: SpawnSpec, hooks: ChildHooks): ChildHandle;
}

export type TimerHandle = unknown;

/** The seam for time: a fake clock makes backoff and kill timeouts testable without waiting. */
export interface Clock {
  /** Milliseconds since the epoch; should not go backwards. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}
