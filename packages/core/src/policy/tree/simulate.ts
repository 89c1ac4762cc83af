import { decideTree, initialTreeState } from './decide.js';
import { DEFAULT_TREE_INTENSITY, type TreeAction, type TreeEvent, type TreeIntensity, type TreeStrategy } from './types.js';

export interface SimulateTreeOptions {
  /** Default `'one-for-one'`. */
  readonly strategy?: TreeStrategy;
  /** Default `DEFAULT_TREE_INTENSITY` (5 restarts within 10 s). */
  readonly intensity?: TreeIntensity;
  /** The children's ids, in start order. */
  readonly children: readonly string[];
  /** Which of them are temporary (never restarted: a group restart stops them for good). Default none. */
  readonly temporary?: readonly string[];
}

/** Something that happens to a child at `at` (ms). */
export interface SimulatedTreeEvent {
  readonly at: number;
  readonly event: TreeEvent;
}

export interface SimulatedTreeStep extends SimulatedTreeEvent {
  readonly action: TreeAction;
  /** The children stopped for good after this step. */
  readonly stopped: readonly string[];
}

/**
 * Feeds events through a tree's decision, as a SupervisorTree would, with no process and no timer. Children stopped
 * for good stay stopped; the steps end at the first `giveup` or `complete`.
 *
 * @example
 * simulateTree({ strategy: 'one-for-all', intensity: { maxRestarts: 1, periodMs: 5000 }, children: ['db', 'web'] }, [
 *   { at: 0, event: { kind: 'restart-wanted', child: 'web', delayMs: 0, reason: 'exited with code 1' } },
 *   { at: 1000, event: { kind: 'restart-wanted', child: 'db', delayMs: 0, reason: 'exited with code 1' } },
 * ]).map((s) => s.action.type); // ['restart', 'giveup']
 */
export function simulateTree(options: SimulateTreeOptions, events: Iterable<SimulatedTreeEvent>): SimulatedTreeStep[] {
  const stopped = new Set<string>();
  const steps: SimulatedTreeStep[] = [];
  let state = initialTreeState();
  for (const { at, event } of events) {
    const model = {
      strategy: options.strategy ?? 'one-for-one',
      intensity: options.intensity ?? DEFAULT_TREE_INTENSITY,
      children: options.children.map((id) => ({
        id,
        status: stopped.has(id) ? ('stopped' as const) : ('running' as const),
        ...(options.temporary?.includes(id) ? { temporary: true } : {}),
      })),
    };
    const step = decideTree(model, state, event, at);
    state = step.state;
    if (event.kind === 'child-stopped' && event.reason === 'completed') stopped.add(event.child);
    // Temporary siblings stopped by a group restart are gone for good.
    if (step.action.type === 'restart') for (const id of step.action.stop) if (!step.action.start.includes(id)) stopped.add(id);
    // A child that wants a restart runs again (a manual restart brought it back).
    if (event.kind === 'restart-wanted') stopped.delete(event.child);
    steps.push({ at, event, action: step.action, stopped: [...stopped] });
    if (step.action.type === 'giveup' || step.action.type === 'complete') break;
  }
  return steps;
}
