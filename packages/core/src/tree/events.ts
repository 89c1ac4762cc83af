import type { TreeStrategy } from '../policy/tree/types.js';
import { LIFECYCLE_EVENT_NAMES, type LifecycleEventName, type SupervisorEvents } from '../supervisor/events.js';

/** The child events a tree passes on: every lifecycle event of its children but `held`, which the tree itself answers. */
export type ChildEventName = Exclude<LifecycleEventName, 'held'>;

/** A child's event as the tree emits it: the child's own payload, plus the child's id (`web#1`, `jobs/mailer`). */
export type ChildEvent<K extends ChildEventName> = Parameters<SupervisorEvents[K]>[0] & { readonly child: string };

/** A strategy restarted more than the child that failed. */
export interface GroupRestartEvent {
  /** The tree that decided: '' for the root, the nested tree's id otherwise. */
  readonly tree: string;
  readonly trigger: string;
  /** Every child restarted, the trigger included, in start order. */
  readonly children: readonly string[];
  readonly strategy: TreeStrategy;
}

/** A tree gave up: its intensity was exceeded, or a child gave up. For a nested tree, its parent decides next. */
export interface TreeGiveupEvent {
  readonly tree: string;
  readonly reason: string;
  readonly trigger: string;
}

export type TreeStopReason = 'requested' | 'giveup' | 'completed';

/** The tree reached its end: always the last event, once. */
export interface TreeStopEvent {
  readonly reason: TreeStopReason;
  /** Processes that outlived SIGKILL, if any (see the Supervisor's `survivors`). */
  readonly survivors?: readonly number[];
}

/** A listener threw; the others still ran and the tree carried on (re-thrown on the next tick without a listener). */
export interface TreeErrorEvent {
  readonly error: unknown;
  readonly event: TreeEventName;
}

/** The event map of `SupervisorTree`: each event has one frozen payload object. */
export type TreeEvents = { [K in ChildEventName]: (event: ChildEvent<K>) => void } & {
  'group-restart': (event: GroupRestartEvent) => void;
  'tree-giveup': (event: TreeGiveupEvent) => void;
  'tree-stop': (event: TreeStopEvent) => void;
  error: (event: TreeErrorEvent) => void;
};

export type TreeEventName = keyof TreeEvents;

export const CHILD_EVENT_NAMES: readonly ChildEventName[] = Object.freeze(
  LIFECYCLE_EVENT_NAMES.filter((name): name is ChildEventName => name !== 'held'),
);
