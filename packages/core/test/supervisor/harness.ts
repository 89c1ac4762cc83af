import { expect } from 'vitest';
import {
  LIFECYCLE_EVENT_NAMES,
  restartPolicy,
  signaled,
  Supervisor,
  type SupervisorEvent,
  type SupervisorOptions,
} from '@daemonkit/core';
import { FakeChild, FakeClock, FakeSpawner } from './fakes.js';

/** Lets queued microtasks and immediates run (the first spawn happens on a microtask after start()). */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A Supervisor over fakes, with every lifecycle event recorded (before any listener a test adds) and checked. */
export function harness(options: Partial<SupervisorOptions> = {}) {
  const clock = new FakeClock();
  const spawner = new FakeSpawner();
  const supervisor = new Supervisor({
    command: 'worker',
    clock,
    spawner,
    random: () => 0,
    killTimeoutMs: 1000,
    policy: restartPolicy({ restart: 'always', backoff: 0 }),
    ...options,
  });
  const events: SupervisorEvent[] = [];
  /** Pids of children and their group members alive when `stop` was emitted. */
  let liveAtStop: number[] | undefined;
  for (const type of LIFECYCLE_EVENT_NAMES) {
    (supervisor.on as (t: string, l: (payload: unknown) => void) => void)(type, (payload) => {
      events.push({ type, payload } as SupervisorEvent);
      if (type === 'stop') liveAtStop = spawner.children.flatMap((child) => child.groupMembers());
    });
  }
  const live = () => spawner.children.filter((c) => c.pid !== undefined && (!c.exited || c.survivors > 0));
  const names = () => events.filter((e) => e.type !== 'heartbeat' && e.type !== 'output').map((e) => e.type);
  return {
    clock,
    spawner,
    supervisor,
    events,
    names,
    live,
    get liveAtStop() {
      return liveAtStop;
    },
  };
}

export type Harness = ReturnType<typeof harness>;

/**
 * Plays the world until the supervisor has stopped: a child that was signalled exits by that signal (or by SIGKILL),
 * its survivors die with SIGKILL, and due timers run. Gives up after `maxSteps` (a supervisor that never stops).
 */
export async function settle(h: Harness, maxSteps = 200): Promise<void> {
  for (let step = 0; step < maxSteps && h.supervisor.state !== 'stopped'; step++) {
    await flush();
    const signalled = h.spawner.children.find((c) => c.pid !== undefined && !c.exited && c.signals.length > 0);
    if (signalled) {
      signalled.exit(signaled(signalled.signals.at(-1) as NodeJS.Signals));
      continue;
    }
    const reaped = h.spawner.children.find((c) => c.exited && c.survivors > 0 && c.signals.includes('SIGKILL'));
    if (reaped) {
      reaped.survivors = 0;
      continue;
    }
    if (!h.clock.runNext()) break;
  }
  await flush();
}

/**
 * The invariants every sequence must keep: at most one `stop` and nothing after it, no child alive at `stop`, and
 * every spawn followed by exactly one exit of that run before the next spawn.
 */
export function expectInvariants(h: Harness): void {
  const names = h.names();
  expect(names.filter((n) => n === 'stop').length, names.join(' ')).toBeLessThanOrEqual(1);
  const stopAt = names.indexOf('stop');
  if (stopAt >= 0) {
    expect(names.slice(stopAt + 1), names.join(' ')).toEqual([]);
    // Alive at stop: only processes that outlived SIGKILL, and that an exit event reported as survivors.
    const reported = new Set(h.events.flatMap((e) => (e.type === 'exit' ? (e.payload.survivors ?? []) : [])));
    expect(h.liveAtStop?.filter((pid) => !reported.has(pid)), 'processes alive when stop was emitted').toEqual([]);
  }
  let open: number | undefined;
  for (const event of h.events) {
    if (event.type === 'spawn') {
      expect(open, `spawn of attempt ${event.payload.attempt} while attempt ${open} had not exited`).toBeUndefined();
      open = event.payload.attempt;
    } else if (event.type === 'exit' && event.payload.run.pid !== undefined) {
      expect(event.payload.run.attempt, 'an exit of a run that was not the one spawned').toBe(open);
      open = undefined;
    }
  }
  if (h.supervisor.state === 'stopped') expect(open, 'a spawn without its exit').toBeUndefined();
}

export { FakeChild };
