import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMs } from '../../../src/policy/describe.js';
import { decideTree, initialTreeState } from '../../../src/policy/tree/decide.js';
import { simulateTree, type SimulatedTreeEvent } from '../../../src/policy/tree/simulate.js';
import { TREE_STRATEGIES, type TreeDecisionState, type TreeEvent, type TreeIntensity, type TreeStrategy } from '../../../src/policy/tree/types.js';
import { at, completed, deepFreeze, gaveUp, model, restartWanted, summary } from './helpers.js';

const WIDE: TreeIntensity = { maxRestarts: 100, periodMs: 10_000 };
const IDS = ['a', 'b', 'c', 'd', 'e'];

describe('decideTree: which children a restart stops and starts', () => {
  // Children a..e in start order; the failing child is the first (a), a middle one (c) or the last (e); b, or b and d,
  // have stopped for good. Stops go last-started first, starts in start order.
  const rows: ReadonlyArray<[TreeStrategy, string, string[], string[], string[]]> = [
    // strategy, trigger, stopped for good, stop, start
    ['one-for-one', 'a', [], [], ['a']],
    ['one-for-one', 'a', ['b'], [], ['a']],
    ['one-for-one', 'a', ['b', 'd'], [], ['a']],
    ['one-for-one', 'c', [], [], ['c']],
    ['one-for-one', 'c', ['b'], [], ['c']],
    ['one-for-one', 'c', ['b', 'd'], [], ['c']],
    ['one-for-one', 'e', [], [], ['e']],
    ['one-for-one', 'e', ['b'], [], ['e']],
    ['one-for-one', 'e', ['b', 'd'], [], ['e']],

    ['one-for-all', 'a', [], ['e', 'd', 'c', 'b'], ['a', 'b', 'c', 'd', 'e']],
    ['one-for-all', 'a', ['b'], ['e', 'd', 'c'], ['a', 'c', 'd', 'e']],
    ['one-for-all', 'a', ['b', 'd'], ['e', 'c'], ['a', 'c', 'e']],
    ['one-for-all', 'c', [], ['e', 'd', 'b', 'a'], ['a', 'b', 'c', 'd', 'e']],
    ['one-for-all', 'c', ['b'], ['e', 'd', 'a'], ['a', 'c', 'd', 'e']],
    ['one-for-all', 'c', ['b', 'd'], ['e', 'a'], ['a', 'c', 'e']],
    ['one-for-all', 'e', [], ['d', 'c', 'b', 'a'], ['a', 'b', 'c', 'd', 'e']],
    ['one-for-all', 'e', ['b'], ['d', 'c', 'a'], ['a', 'c', 'd', 'e']],
    ['one-for-all', 'e', ['b', 'd'], ['c', 'a'], ['a', 'c', 'e']],
    ['one-for-all', 'c', ['a', 'b', 'd', 'e'], [], ['c']],

    ['rest-for-one', 'a', [], ['e', 'd', 'c', 'b'], ['a', 'b', 'c', 'd', 'e']],
    ['rest-for-one', 'a', ['b'], ['e', 'd', 'c'], ['a', 'c', 'd', 'e']],
    ['rest-for-one', 'a', ['b', 'd'], ['e', 'c'], ['a', 'c', 'e']],
    ['rest-for-one', 'c', [], ['e', 'd'], ['c', 'd', 'e']],
    ['rest-for-one', 'c', ['b'], ['e', 'd'], ['c', 'd', 'e']],
    ['rest-for-one', 'c', ['b', 'd'], ['e'], ['c', 'e']],
    ['rest-for-one', 'e', [], [], ['e']],
    ['rest-for-one', 'e', ['b'], [], ['e']],
    ['rest-for-one', 'e', ['b', 'd'], [], ['e']],
    ['rest-for-one', 'a', ['b', 'c', 'd', 'e'], [], ['a']],
  ];

  it.each(rows)('%s, %s failing, stopped %j: stop %j, start %j', (strategy, trigger, stopped, stop, start) => {
    const event = restartWanted(trigger, 'exited with code 1 after 20 ms', 250);
    const step = decideTree(model(strategy, WIDE, IDS, stopped), initialTreeState(), event, 1000);
    expect(step.action).toEqual({
      type: 'restart',
      trigger,
      stop,
      start,
      delayMs: 250,
      group: stop.length > 0,
      reason: 'exited with code 1 after 20 ms',
    });
    expect(step.state).toEqual({ restarts: [1000] });
  });
});

describe('decideTree: intensity', () => {
  // One child restarting at these times (ms) under this intensity: 'r' for a restart, 'giveup' for the giveup.
  const rows: ReadonlyArray<[string, TreeIntensity, number[], string[]]> = [
    ['exactly maxRestarts within the window', { maxRestarts: 3, periodMs: 1000 }, [0, 400, 999], ['r', 'r', 'r']],
    ['one more within the window gives up', { maxRestarts: 3, periodMs: 1000 }, [0, 400, 800, 999], ['r', 'r', 'r', 'giveup']],
    ['a restart exactly periodMs old has left the window', { maxRestarts: 3, periodMs: 1000 }, [0, 400, 800, 1000], ['r', 'r', 'r', 'r']],
    ['restarts at the same instant count each', { maxRestarts: 2, periodMs: 1000 }, [5, 5, 5], ['r', 'r', 'giveup']],
    ['the window slides restart by restart', { maxRestarts: 2, periodMs: 1000 }, [0, 600, 1000, 1600, 2000, 2200], ['r', 'r', 'r', 'r', 'r', 'giveup']],
    ['maxRestarts 0 gives up at the first restart', { maxRestarts: 0, periodMs: 1000 }, [0], ['giveup']],
    ['maxRestarts 0 gives up at the first restart, however late', { maxRestarts: 0, periodMs: 1 }, [1e12], ['giveup']],
    ['maxRestarts Infinity never gives up', { maxRestarts: Number.POSITIVE_INFINITY, periodMs: 60_000 }, Array<number>(500).fill(0), Array<string>(500).fill('r')],
    ['maxRestarts 1, periodMs 1: restarts 1 ms apart never meet', { maxRestarts: 1, periodMs: 1 }, [0, 1, 2, 3], ['r', 'r', 'r', 'r']],
  ];

  it.each(rows)('%s', (_name, intensity, times, expected) => {
    const steps = simulateTree({ strategy: 'one-for-one', intensity, children: ['a'] }, times.map((ms) => at(ms, restartWanted('a'))));
    expect(steps.map((s) => (s.action.type === 'restart' ? 'r' : s.action.type))).toEqual(expected);
  });

  it('keeps only the restarts still in the window, and does not record a refused one', () => {
    const m = model('one-for-one', { maxRestarts: 2, periodMs: 1000 }, ['a']);
    let state: TreeDecisionState = initialTreeState();
    const states: number[][] = [];
    for (const ms of [0, 600, 1000, 1500]) {
      state = decideTree(m, state, restartWanted('a'), ms).state;
      states.push([...state.restarts]);
    }
    // 1000: 0 has left; 1500: 600 and 1000 are in, so it is refused and not recorded.
    expect(states).toEqual([[0], [0, 600], [600, 1000], [600, 1000]]);
  });

  it('counts a group restart once, however many siblings restart with it', () => {
    const steps = simulateTree(
      { strategy: 'one-for-all', intensity: { maxRestarts: 3, periodMs: 1000 }, children: IDS },
      [0, 1, 2, 3].map((ms) => at(ms, restartWanted('c'))),
    );
    expect(steps.map((s) => summary(s.action))).toEqual([
      ...Array<string>(3).fill('restart c: stop [e,d,b,a] start [a,b,c,d,e]'),
      'giveup c',
    ]);
  });

  it('counts restarts of different children together', () => {
    const steps = simulateTree(
      { strategy: 'one-for-one', intensity: { maxRestarts: 2, periodMs: 1000 }, children: IDS },
      [at(0, restartWanted('a')), at(10, restartWanted('e')), at(20, restartWanted('c'))],
    );
    expect(steps.map((s) => summary(s.action))).toEqual(['restart a: stop [] start [a]', 'restart e: stop [] start [e]', 'giveup c']);
  });
});

describe('decideTree: a child stopped for good', () => {
  const full = { restarts: [900, 950] };
  const tight: TreeIntensity = { maxRestarts: 2, periodMs: 1000 };

  it.each<[string, string[], string, string]>([
    ['with other children running', [], 'c', 'none'],
    ['with one other child running', ['a', 'b', 'd'], 'c', 'none'],
    ['as the last child running', ['a', 'b', 'd', 'e'], 'c', 'complete'],
    ['as the last child running, first in start order', ['b', 'c', 'd', 'e'], 'a', 'complete'],
  ])('completed %s: %s', (_name, stopped, child, expected) => {
    const state = deepFreeze(initialTreeState());
    const step = decideTree(model('one-for-all', tight, IDS, stopped), state, completed(child), 1000);
    expect(step.action).toEqual({ type: expected });
    expect(step.state).toBe(state);
  });

  it('completed as the only child: complete', () => {
    expect(decideTree(model('rest-for-one', tight, ['a']), initialTreeState(), completed('a'), 0).action).toEqual({ type: 'complete' });
  });

  it('completed costs no intensity, even with the window full', () => {
    const state = deepFreeze(full);
    const step = decideTree(model('one-for-one', tight, IDS), state, completed('a'), 1000);
    expect(step).toEqual({ state: full, action: { type: 'none' } });
  });

  it('giveup gives the whole tree up, with the window empty, naming the child and its own reason', () => {
    const state = deepFreeze(initialTreeState());
    const step = decideTree(model('one-for-one', WIDE, IDS), state, gaveUp('c', '4 failures in a row'), 1000);
    expect(step.action).toEqual({ type: 'giveup', trigger: 'c', reason: 'c gave up: 4 failures in a row' });
    expect(step.state).toBe(state);
  });

  it('giveup gives up even when the child is the last one running', () => {
    const step = decideTree(model('one-for-one', WIDE, IDS, ['a', 'b', 'd', 'e']), initialTreeState(), gaveUp('c', 'x'), 0);
    expect(step.action.type).toBe('giveup');
  });
});

describe('decideTree: the giveup reason names the child, the count, the period and the last reason', () => {
  it.each<[TreeIntensity, string, string, string]>([
    [{ maxRestarts: 2, periodMs: 10_000 }, 'web', 'exited with code 1 after 20 ms', '3 restarts within 10 s (intensity: at most 2); last: web exited with code 1 after 20 ms'],
    [{ maxRestarts: 0, periodMs: 5000 }, 'db', 'was killed by SIGKILL after 3 s', '1 restart within 5000 ms (intensity: at most 0); last: db was killed by SIGKILL after 3 s'],
    [{ maxRestarts: 1, periodMs: 90_500 }, 'api', 'could not be spawned (ENOENT)', '2 restarts within 90.5 s (intensity: at most 1); last: api could not be spawned (ENOENT)'],
    [
      { maxRestarts: 1, periodMs: 60_000 },
      'cache',
      'gave up: 3 restarts within 10 s (intensity: at most 2); last: redis exited with code 1 after 20 ms',
      '2 restarts within 60 s (intensity: at most 1); last: cache gave up: 3 restarts within 10 s (intensity: at most 2); last: redis exited with code 1 after 20 ms',
    ],
  ])('%j, %s: %s', (intensity, child, reason, expected) => {
    const times = Array.from({ length: intensity.maxRestarts + 1 }, (_, i) => i);
    const steps = simulateTree({ strategy: 'rest-for-one', intensity, children: ['x', child] }, times.map((ms) => at(ms, restartWanted(child, reason))));
    expect(steps.at(-1)?.action).toEqual({ type: 'giveup', trigger: child, reason: expected });
  });
});

// Random trees: 1 to 6 children c0..c5, some stopped for good, a strategy and an intensity.
const idsArb = fc.integer({ min: 1, max: 6 }).map((n) => Array.from({ length: n }, (_, i) => `c${i}`));
const treeArb = idsArb.chain((ids) =>
  fc.record({
    ids: fc.constant(ids),
    strategy: fc.constantFrom(...TREE_STRATEGIES),
    stopped: fc.subarray(ids),
  }),
);
const intensityArb: fc.Arbitrary<TreeIntensity> = fc.record({
  maxRestarts: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: fc.constant(Number.POSITIVE_INFINITY) }),
  periodMs: fc.integer({ min: 1, max: 2000 }),
});

describe('decideTree: properties', () => {
  it('(a) gives up exactly at the first restart that would put more than maxRestarts restarts in some window of periodMs', () => {
    fc.assert(
      fc.property(
        intensityArb,
        fc.constantFrom(...TREE_STRATEGIES),
        fc.array(fc.record({ gap: fc.oneof(fc.constant(0), fc.nat({ max: 1500 })), child: fc.constantFrom('a', 'b', 'c') }), { minLength: 1, maxLength: 40 }),
        (intensity, strategy, draws) => {
          let t = 0;
          const times = draws.map((d) => (t += d.gap));
          const events = draws.map((d, i) => at(times[i] ?? 0, restartWanted(d.child, `exit ${i}`)));
          const { maxRestarts, periodMs } = intensity;
          // Reference: restarts k-maxRestarts..k (all accepted so far) lie within periodMs of each other.
          const first = times.findIndex((tk, k) => k >= maxRestarts && tk - (times[k - maxRestarts] ?? Number.NEGATIVE_INFINITY) < periodMs);
          const steps = simulateTree({ strategy, intensity, children: ['a', 'b', 'c'] }, events);
          const types = steps.map((s) => s.action.type);
          if (first === -1) {
            expect(types).toEqual(Array<string>(events.length).fill('restart'));
          } else {
            expect(types).toEqual([...Array<string>(first).fill('restart'), 'giveup']);
            const last = steps.at(-1)?.action;
            const child = draws[first]?.child ?? '';
            expect(last).toEqual({
              type: 'giveup',
              trigger: child,
              reason: `${maxRestarts + 1} restart${maxRestarts === 0 ? '' : 's'} within ${formatMs(periodMs)} (intensity: at most ${maxRestarts}); last: ${child} exit ${first}`,
            });
          }
        },
      ),
    );
  });

  it('(b, c, d) stop is the reverse of the start order of the stopped siblings, start is in start order with the trigger, stopped children appear in neither, one-for-one stops no sibling', () => {
    fc.assert(
      fc.property(
        treeArb.chain((tree) => {
          const running = tree.ids.filter((id) => !tree.stopped.includes(id));
          return fc.record({ tree: fc.constant(tree), trigger: running.length > 0 ? fc.constantFrom(...running) : fc.constant(undefined) });
        }),
        fc.nat({ max: 5000 }),
        ({ tree, trigger }, delayMs) => {
          if (trigger === undefined) return;
          const { action } = decideTree(model(tree.strategy, WIDE, tree.ids, tree.stopped), initialTreeState(), restartWanted(trigger, 'x', delayMs), 0);
          if (action.type !== 'restart') throw new Error(`expected a restart, got ${action.type}`);
          const order = (id: string) => tree.ids.indexOf(id);
          // (b)
          expect(action.start).toContain(trigger);
          expect([...action.start].sort((x, y) => order(x) - order(y))).toEqual(action.start);
          expect(action.stop).toEqual(action.start.filter((id) => id !== trigger).reverse());
          expect(action.group).toBe(action.stop.length > 0);
          expect(action).toMatchObject({ trigger, delayMs, reason: 'x' });
          // (c)
          for (const id of tree.stopped) {
            expect(action.stop).not.toContain(id);
            expect(action.start).not.toContain(id);
          }
          // (d), and what the other strategies stop: every running sibling, or those started after the trigger.
          const siblings = tree.ids.filter((id) => id !== trigger && !tree.stopped.includes(id));
          const expected = {
            'one-for-one': [],
            'one-for-all': siblings,
            'rest-for-one': siblings.filter((id) => order(id) > order(trigger)),
          }[tree.strategy];
          expect(action.stop).toEqual([...expected].reverse());
        },
      ),
    );
  });

  it('(e) simulateTree ends at the first giveup or complete, and decides each event as decideTree would', () => {
    const eventArb = (ids: readonly string[]): fc.Arbitrary<TreeEvent> =>
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...ids).map((id) => restartWanted(id)) },
        { weight: 3, arbitrary: fc.constantFrom(...ids).map((id) => completed(id)) },
        { weight: 1, arbitrary: fc.constantFrom(...ids).map((id) => gaveUp(id, 'limit')) },
      );
    fc.assert(
      fc.property(
        idsArb.chain((ids) =>
          fc.record({
            ids: fc.constant(ids),
            strategy: fc.constantFrom(...TREE_STRATEGIES),
            intensity: intensityArb,
            draws: fc.array(fc.record({ gap: fc.nat({ max: 800 }), event: eventArb(ids) }), { maxLength: 30 }),
          }),
        ),
        ({ ids, strategy, intensity, draws }) => {
          let t = 0;
          const events: SimulatedTreeEvent[] = draws.map((d) => ({ at: (t += d.gap), event: d.event }));
          const steps = simulateTree({ strategy, intensity, children: ids }, events);

          // Replay by hand: the same decisions, children stopped for good as the completed events say.
          const stopped = new Set<string>();
          let state = initialTreeState();
          let end = events.length;
          for (const [i, { at: now, event }] of events.entries()) {
            const step = decideTree(model(strategy, intensity, ids, [...stopped]), state, event, now);
            state = step.state;
            if (event.kind === 'child-stopped' && event.reason === 'completed') stopped.add(event.child);
            if (event.kind === 'restart-wanted') stopped.delete(event.child);
            expect(steps[i]).toEqual({ at: now, event, action: step.action, stopped: [...stopped] });
            if (step.action.type === 'giveup' || step.action.type === 'complete') {
              end = i + 1;
              break;
            }
          }
          expect(steps).toHaveLength(end);
          expect(steps.slice(0, -1).every((s) => s.action.type !== 'giveup' && s.action.type !== 'complete')).toBe(true);
          if (end < events.length) expect(['giveup', 'complete']).toContain(steps.at(-1)?.action.type);
          // complete exactly when a clean end leaves every child stopped for good
          for (const s of steps) {
            const allStopped = s.event.kind === 'child-stopped' && s.event.reason === 'completed' && s.stopped.length === ids.length;
            expect(s.action.type === 'complete').toBe(allStopped);
          }
        },
      ),
    );
  });

  it('is deterministic and mutates neither the model, the state nor the event', () => {
    fc.assert(
      fc.property(treeArb, intensityArb, fc.array(fc.nat({ max: 3000 }), { maxLength: 8 }), fc.nat({ max: 10_000 }), (tree, intensity, past, now) => {
        const m = deepFreeze(model(tree.strategy, intensity, tree.ids, tree.stopped));
        const state = deepFreeze({ restarts: past.map((p) => now - p) });
        const event = deepFreeze(restartWanted(tree.ids[0] ?? 'c0'));
        const first = decideTree(m, state, event, now);
        expect(decideTree(m, state, event, now)).toEqual(first);
      }),
    );
  });
});
