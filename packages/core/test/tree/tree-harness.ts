import { signaled, SupervisorTree, type TreeEventName, type TreeOptions } from '@daemonkit/core';
import { FakeClock, FakeSpawner, type FakeChild } from '../supervisor/fakes.js';

/** Lets queued microtasks and immediates run. */
export const flush = async (times = 3) => {
  for (let i = 0; i < times; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

const EVENTS: readonly TreeEventName[] = [
  'spawn',
  'ready',
  'exit',
  'crash',
  'backoff',
  'giveup',
  'stop',
  'group-restart',
  'tree-giveup',
  'tree-stop',
];

/**
 * A SupervisorTree over a fake spawner and clock. Each child's command is its name, so `child('web')` finds the live
 * fake process of the child named web (`child('web', 1)` its replica #1). Every event is recorded as `event child`.
 */
export function treeHarness(options: Omit<TreeOptions, 'spawner' | 'clock'>) {
  const clock = new FakeClock();
  const spawner = new FakeSpawner();
  const tree = new SupervisorTree({ ...options, spawner, clock });
  const log: string[] = [];
  const payloads: Array<{ event: TreeEventName; payload: Record<string, unknown> }> = [];
  for (const event of EVENTS) {
    (tree.on as (e: string, l: (p: Record<string, unknown>) => void) => void)(event, (payload) => {
      payloads.push({ event, payload });
      const who = payload.child ?? payload.trigger ?? payload.reason ?? '';
      log.push(`${event} ${String(who)}`.trim());
    });
  }
  /** The live fake process of a child (by command name), the latest if several. */
  const child = (name: string, instance?: number): FakeChild => {
    const found = spawner.children.filter(
      (c) =>
        c.spec.command === name &&
        !c.exited &&
        (instance === undefined || c.spec.env.DAEMONKIT_INSTANCE === String(instance)),
    );
    const last = found.at(-1);
    if (!last) throw new Error(`no live child ${name}${instance === undefined ? '' : `#${instance}`}`);
    return last;
  };
  const alive = () => spawner.children.filter((c) => c.pid !== undefined && !c.exited).map((c) => c.spec.command);
  /** Children that were signalled exit by the signal; timers run until nothing is left to do. */
  const settle = async (maxSteps = 200) => {
    for (let i = 0; i < maxSteps; i++) {
      await flush();
      const signalled = spawner.children.find((c) => c.pid !== undefined && !c.exited && c.signals.length > 0);
      if (signalled) {
        signalled.exit(signaled(signalled.signals.at(-1) as NodeJS.Signals));
        continue;
      }
      if (!clock.runNext()) break;
    }
    await flush();
  };
  return { clock, spawner, tree, log, payloads, child, alive, settle };
}

export type TreeHarness = ReturnType<typeof treeHarness>;
