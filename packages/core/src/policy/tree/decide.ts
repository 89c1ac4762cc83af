import { formatMs, plural } from '../describe.js';
import { recentRestarts, windowFull } from '../restart-window.js';
import type { TreeAction, TreeDecisionState, TreeEvent, TreeModel, TreeStep } from './types.js';

export const initialTreeState = (): TreeDecisionState => ({ restarts: [] });

/**
 * What a supervision tree does about something that happened to a child at `now`: a pure function of the tree's
 * strategy, intensity and children, as Erlang/OTP's supervisor decides.
 *
 * - A restart wanted counts once against the intensity, however many siblings restart with it. One restart more than
 *   `intensity.maxRestarts` within `intensity.periodMs` gives the tree up.
 * - one-for-one restarts the child alone; one-for-all stops every other running child (last started first), then
 *   starts them all in order; rest-for-one does that for the children started after it. A temporary sibling is stopped
 *   for good instead of restarted, as in OTP.
 * - A child stopped for good by its own policy stays stopped and restarts nothing: `completed` is its clean end (the
 *   tree completes once every child has one), `giveup` gives the whole tree up.
 *
 * @example
 * decideTree({ strategy: 'rest-for-one', intensity: { maxRestarts: 5, periodMs: 10_000 }, children }, initialTreeState(),
 *   { kind: 'restart-wanted', child: 'db', delayMs: 100, reason: 'exited with code 1 after 20 ms' }, Date.now());
 * // { action: { type: 'restart', trigger: 'db', stop: ['web'], start: ['db', 'web'], ... }, state: ... }
 */
export function decideTree(model: TreeModel, state: TreeDecisionState, event: TreeEvent, now: number): TreeStep {
  if (event.kind === 'child-stopped') {
    if (event.reason === 'giveup') {
      return { state, action: { type: 'giveup', trigger: event.child, reason: `${event.child} gave up: ${event.detail}` } };
    }
    const running = model.children.filter((c) => c.status === 'running' && c.id !== event.child);
    return { state, action: running.length === 0 ? { type: 'complete' } : { type: 'none' } };
  }
  // A report about a child the tree does not have is not the tree's to count.
  if (!model.children.some((c) => c.id === event.child)) return { state, action: { type: 'none' } };
  const recent = recentRestarts(state.restarts, now, model.intensity);
  if (windowFull(recent, model.intensity)) {
    const { maxRestarts, periodMs } = model.intensity;
    const reason =
      `${plural(recent.length + 1, 'restart')} within ${formatMs(periodMs)} (intensity: at most ${maxRestarts}); ` +
      `last: ${event.child} ${event.reason}`;
    return { state: { restarts: recent }, action: { type: 'giveup', trigger: event.child, reason } };
  }
  // Without a limit nothing can give up: no restart time needs keeping.
  const restarts = Number.isFinite(model.intensity.maxRestarts) ? [...recent, now] : recent;
  return { state: { restarts }, action: restartAction(model, event) };
}

function restartAction(model: TreeModel, event: TreeEvent & { kind: 'restart-wanted' }): TreeAction {
  const ids = model.children.map((c) => c.id);
  const at = ids.indexOf(event.child);
  const others =
    model.strategy === 'one-for-one'
      ? []
      : model.children.filter((c, i) => c.id !== event.child && c.status === 'running' && (model.strategy === 'one-for-all' || i > at));
  // Temporary siblings are stopped for good, not restarted (OTP's terminate_children drops them).
  const restarting = new Set([event.child, ...others.filter((c) => !c.temporary).map((c) => c.id)]);
  return {
    type: 'restart',
    trigger: event.child,
    stop: others.map((c) => c.id).reverse(),
    start: ids.filter((id) => restarting.has(id)),
    delayMs: event.delayMs,
    group: others.length > 0,
    reason: event.reason,
  };
}
