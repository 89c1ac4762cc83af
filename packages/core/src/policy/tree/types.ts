import type { RestartWindow } from '../restart-window.js';

/** Erlang/OTP's restart strategies: which children restart when one of them is to be restarted. */
export type TreeStrategy = 'one-for-one' | 'one-for-all' | 'rest-for-one';

export const TREE_STRATEGIES: readonly TreeStrategy[] = Object.freeze(['one-for-one', 'one-for-all', 'rest-for-one']);

/** At most `maxRestarts` restarts within any `periodMs`; one more gives the tree up (OTP's intensity and period). */
export type TreeIntensity = RestartWindow;

/**
 * The default intensity: 5 restarts within 10 s, systemd's StartLimitBurst and StartLimitIntervalSec, chosen because
 * children back off between restarts. OTP's own default, 1 restart within 5 s, is `{ maxRestarts: 1, periodMs: 5000 }`.
 */
export const DEFAULT_TREE_INTENSITY: TreeIntensity = Object.freeze({ maxRestarts: 5, periodMs: 10_000 });

/** A child as the tree's decision sees it: its id, and whether it runs or has stopped for good. */
export interface TreeChildView {
  readonly id: string;
  /** `stopped`: its own policy stopped it for good (completed); it is not restarted by a strategy. */
  readonly status: 'running' | 'stopped';
  /** A temporary child (never restarted): a group restart stops it for good instead of restarting it, as OTP does. */
  readonly temporary?: boolean;
}

/** What the decision needs of the tree: its strategy, its intensity and its children in start order. */
export interface TreeModel {
  readonly strategy: TreeStrategy;
  readonly intensity: TreeIntensity;
  readonly children: readonly TreeChildView[];
}

/** The decision's own memory: the times of the restarts still inside the intensity window. */
export interface TreeDecisionState {
  readonly restarts: readonly number[];
}

/** Something that happened to a child, which the tree decides about. */
export type TreeEvent =
  /** The child's policy decided to restart it, after `delayMs` (a leaf), or a nested tree gave up (escalation). */
  | { readonly kind: 'restart-wanted'; readonly child: string; readonly delayMs: number; readonly reason: string }
  /** The child's policy stopped it for good: `completed` (a clean end it does not restart) or `giveup` (a limit). */
  | { readonly kind: 'child-stopped'; readonly child: string; readonly reason: 'completed' | 'giveup'; readonly detail: string };

/** What the tree does about it. */
export type TreeAction =
  /**
   * Stop `stop` (running siblings, in reverse start order, one at a time), then start `start` (the trigger and those
   * siblings, in start order), the trigger after `delayMs`. A temporary sibling is in `stop` but not in `start`: it
   * stops for good. `group`: more than the trigger is stopped.
   */
  | {
      readonly type: 'restart';
      readonly trigger: string;
      readonly stop: readonly string[];
      readonly start: readonly string[];
      readonly delayMs: number;
      readonly group: boolean;
      readonly reason: string;
    }
  /** Stop every child, in reverse start order, and give up. */
  | { readonly type: 'giveup'; readonly trigger: string; readonly reason: string }
  /** Every child has stopped for good: the tree is complete. */
  | { readonly type: 'complete' }
  /** Nothing to do (a child stopped for good while others run). */
  | { readonly type: 'none' };

export interface TreeStep {
  readonly state: TreeDecisionState;
  readonly action: TreeAction;
}
