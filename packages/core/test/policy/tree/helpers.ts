import type { SimulatedTreeEvent } from '../../../src/policy/tree/simulate.js';
import type { TreeAction, TreeChildView, TreeEvent, TreeIntensity, TreeModel, TreeStrategy } from '../../../src/policy/tree/types.js';

/** An action at a glance: 'restart c: stop [e,d] start [c,d,e]', 'giveup c', 'complete' or 'none'. */
export function summary(action: TreeAction): string {
  switch (action.type) {
    case 'restart':
      return `restart ${action.trigger}: stop [${action.stop.join(',')}] start [${action.start.join(',')}]`;
    case 'giveup':
      return `giveup ${action.trigger}`;
    default:
      return action.type;
  }
}

/** The child's own policy wants it restarted: a leaf after an exit it restarts, or a nested tree that gave up. */
export const restartWanted = (child: string, reason = 'exited with code 1 after 20 ms', delayMs = 0): TreeEvent => ({
  kind: 'restart-wanted',
  child,
  delayMs,
  reason,
});

/** The child's own policy stopped it for good after a clean end. */
export const completed = (child: string, detail = 'exited with code 0 after 20 ms'): TreeEvent => ({
  kind: 'child-stopped',
  child,
  reason: 'completed',
  detail,
});

/** The child's own policy hit one of its limits. */
export const gaveUp = (child: string, detail: string): TreeEvent => ({ kind: 'child-stopped', child, reason: 'giveup', detail });

/** An event at `ms`, for simulateTree(). */
export const at = (ms: number, event: TreeEvent): SimulatedTreeEvent => ({ at: ms, event });

/** A tree model over `ids` in start order, the ones in `stopped` stopped for good. */
export function model(strategy: TreeStrategy, intensity: TreeIntensity, ids: readonly string[], stopped: readonly string[] = []): TreeModel {
  const children: TreeChildView[] = ids.map((id) => ({ id, status: stopped.includes(id) ? 'stopped' : 'running' }));
  return { strategy, intensity, children };
}

/** Freezes a value and everything it holds, so that a mutation throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
