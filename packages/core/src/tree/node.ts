import type { TreeEvent } from '../policy/tree/types.js';
import type { ChildEvent, ChildEventName, GroupRestartEvent, TreeGiveupEvent } from './events.js';

/** The root child a child's id belongs to: `web` for `web`, `web#1` and `web/mailer`. */
export function rootChildName(id: string): string {
  return id.split(/[#/]/)[0] as string;
}

/** One child of a tree as status() shows it: a command's replica, or a leaf of a nested tree. */
export interface ChildStatus {
  /** `db`, `web#1`, `jobs/mailer`. */
  readonly id: string;
  /** `idle` (not started, or stopped to be started again), `held` (its restart waits for the tree), `running`, `backoff`, `stopping`, `stopped` (for good). */
  readonly state: 'idle' | 'running' | 'backoff' | 'held' | 'stopping' | 'stopped';
  readonly pid: number | undefined;
  /** The current (or last) run's number; attempts continue across group restarts. */
  readonly attempt: number;
  readonly restarts: number;
}

/** Where a child sends what happens to it: its parent tree. */
export interface ParentLink {
  emitChild<K extends ChildEventName>(name: K, payload: ChildEvent<K>): void;
  emitTree(name: 'group-restart', payload: GroupRestartEvent): void;
  emitTree(name: 'tree-giveup', payload: TreeGiveupEvent): void;
  /** Something the parent decides about: a restart wanted, or a child stopped for good. */
  report(event: TreeEvent): void;
}

/**
 * A child as its tree drives it: a command (a Supervisor, in restartControl 'parent') or a nested tree. Phases:
 * `idle` (never started, or halted), `held` (it failed and waits for the tree's decision), `running`, `stopped` (for
 * good: by its own policy, or by the tree).
 */
export interface TreeNode {
  readonly id: string;
  readonly name: string;
  readonly phase: 'idle' | 'held' | 'running' | 'stopped';
  /** Never restarted (restart type temporary): a group restart stops it for good. */
  readonly temporary: boolean;
  /** From idle. */
  start(): void;
  /** From held: carry out the restart, after `delayMs` (a command's own decided delay when not given). */
  resume(delayMs?: number): void;
  /**
   * Resolves true once up (ready, or spawned; a nested tree: once its start sequence is through), false if it failed or
   * was stopped first.
   */
  whenUp(): Promise<boolean>;
  /** Stops its processes (last started first) and goes idle, counters kept. Resolves with any survivors. */
  halt(): Promise<readonly number[]>;
  /** Stops for good. Resolves with any survivors. */
  stop(): Promise<readonly number[]>;
  /** Replaces it now, as an operator's restart: not a failure, not counted against the intensity. */
  replace(): Promise<void>;
  statuses(): ChildStatus[];
}
