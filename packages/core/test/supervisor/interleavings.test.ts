import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exited, restartPolicy, signaled, spawnFailed, type SupervisorEventName } from '@daemonkit/core';
import { expectInvariants, flush, harness, settle, type Harness } from './harness.js';

// Random interleavings of everything that can happen to a supervisor (children exiting, crashing, leaving processes
// behind, spawns failing, time passing, health messages) with everything a program can ask of it (start, stop, restart,
// halt, resume), called directly or from inside listeners of any event. Whatever the order, the invariants hold.

type Call = 'stop' | 'restart' | 'halt' | 'start' | 'resume' | 'stop-fast';

type Command =
  | { readonly kind: 'exit'; readonly how: 'clean' | 'crash' | 'segv'; readonly lateByMs: number }
  | { readonly kind: 'leave-survivors'; readonly count: number }
  | { readonly kind: 'reap' }
  | { readonly kind: 'fail-next-spawn' }
  | { readonly kind: 'report-spawn-failure' }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'ready' }
  | { readonly kind: 'heartbeat' }
  | { readonly kind: 'call'; readonly call: Call }
  | { readonly kind: 'on'; readonly event: SupervisorEventName; readonly call: Call };

const calls: readonly Call[] = ['stop', 'restart', 'halt', 'start', 'resume', 'stop-fast'];
const events: readonly SupervisorEventName[] = ['spawn', 'exit', 'crash', 'backoff', 'held', 'ready', 'heartbeat', 'giveup', 'stop'];

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('exit' as const),
      how: fc.constantFrom('clean', 'crash', 'segv'),
      // A report that comes late (a spawner waiting for piped output) moves the run's end back.
      lateByMs: fc.constantFrom(0, 0, 150),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave-survivors' as const), count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reap' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'fail-next-spawn' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'report-spawn-failure' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 7000 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'ready' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'heartbeat' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('call' as const), call: fc.constantFrom(...calls) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('on' as const), event: fc.constantFrom(...events), call: fc.constantFrom(...calls) }) },
);

const setup = fc.record({
  backoff: fc.constantFrom(0, 100),
  restart: fc.constantFrom('always' as const, 'on-failure' as const),
  maxRestarts: fc.constantFrom(3, Number.POSITIVE_INFINITY),
  parent: fc.boolean(),
  readiness: fc.boolean(),
});

/**
 * What the first stop() call found: the children spawned so far, and whether a call that may spawn (restart, start,
 * resume) came after the last spawn and before the stop. Calls are handled in the order they are made, so such a call
 * may still spawn once; nothing else may.
 */
interface StopRecord {
  spawned?: number;
  mayStillSpawn?: boolean;
  spawnsAtLastRequest: number;
  /** Every restart() made, and whether its promise has settled. */
  restarts: Array<{ settled: boolean }>;
}

/** Calls `call`, observing any promise so that nothing is left unhandled; a throw (start() when not idle) is fine. */
function perform(h: Harness, call: Call, settled: Promise<unknown>[], record: StopRecord): void {
  if ((call === 'stop' || call === 'stop-fast') && record.spawned === undefined) {
    record.spawned = h.spawner.children.length;
    record.mayStillSpawn = record.spawnsAtLastRequest === h.spawner.children.length;
  }
  if (call === 'restart' || call === 'start' || call === 'resume') record.spawnsAtLastRequest = h.spawner.children.length;
  try {
    switch (call) {
      case 'stop':
        settled.push(h.supervisor.stop().catch(() => {}));
        return;
      case 'stop-fast':
        settled.push(h.supervisor.stop({ timeoutMs: 10 }).catch(() => {}));
        return;
      case 'restart': {
        const restart = { settled: false };
        record.restarts.push(restart);
        settled.push(h.supervisor.restart().finally(() => (restart.settled = true)).catch(() => {}));
        return;
      }
      case 'halt': {
        // Once a halt has settled, no restart asked for before it is left pending.
        const before = [...record.restarts];
        settled.push(
          h.supervisor
            .halt()
            .catch(() => {})
            .then(() => expect(before.filter((r) => !r.settled), 'restart() pending after halt() settled').toEqual([])),
        );
        return;
      }
      case 'start':
        h.supervisor.start();
        return;
      case 'resume':
        h.supervisor.resume();
        return;
    }
  } catch (error) {
    expect((error as Error).message).toMatch(/start\(\) was already called/);
  }
}

type Setup = typeof setup extends fc.Arbitrary<infer T> ? T : never;

async function play(config: Setup, commands: readonly Command[]): Promise<Harness> {
  const h = harness({
    policy: restartPolicy({ restart: config.restart, backoff: config.backoff, maxRestarts: config.maxRestarts }),
    restartControl: config.parent ? 'parent' : 'self',
    ...(config.readiness ? { readiness: { timeoutMs: 500 } } : {}),
  });
  const settled: Promise<unknown>[] = [];
  const record: StopRecord = { spawnsAtLastRequest: -1, restarts: [] };
  h.supervisor.start();
  for (const c of commands) {
    await flush();
    const alive = h.spawner.children.filter((child) => child.pid !== undefined && !child.exited);
    const latest = alive.at(-1);
    switch (c.kind) {
      case 'exit':
        latest?.exit(c.how === 'clean' ? exited(0) : c.how === 'crash' ? exited(1) : signaled('SIGSEGV'), c.lateByMs);
        break;
      case 'leave-survivors':
        // Only a child still supervised can fork: one given up on as unkillable is not touched again.
        if (latest && latest.pid === h.supervisor.pid) latest.survivors = c.count;
        break;
      case 'reap':
        for (const child of h.spawner.children) if (child.exited && child.signals.length > 0) child.survivors = 0;
        break;
      case 'fail-next-spawn':
        h.spawner.failNext();
        break;
      case 'report-spawn-failure':
        h.spawner.children.find((child) => child.pid === undefined && !child.exited)?.exit(spawnFailed('EAGAIN'));
        break;
      case 'advance':
        h.clock.advance(c.ms);
        break;
      case 'ready':
        latest?.message({ daemonkit: 'ready' });
        break;
      case 'heartbeat':
        latest?.message({ daemonkit: 'heartbeat', memory: { rss: 1, heapUsed: 1 } });
        break;
      case 'call':
        perform(h, c.call, settled, record);
        break;
      case 'on':
        (h.supervisor.once as (e: string, l: () => void) => void)(c.event, () => perform(h, c.call, settled, record));
        break;
    }
  }
  // The end of every story: a stop, and the world plays along until it completes.
  for (const child of h.spawner.children) if (child.pid === undefined && !child.exited) child.exit(spawnFailed('EAGAIN'));
  perform(h, 'stop', settled, record);
  await settle(h, 500);
  expect(h.supervisor.state).toBe('stopped');
  await Promise.all(settled);
  // Nothing was spawned once stop() had been called, from a listener or not, but by a call made before it.
  expect(h.spawner.children.length - record.spawned!).toBeLessThanOrEqual(record.mayStillSpawn ? 1 : 0);
  return h;
}

describe('random interleavings of inputs and calls (fast-check)', () => {
  it('never spawn after stop, never two stops, no live child at stop, each spawn exits once, no timer left', async () => {
    await fc.assert(
      fc.asyncProperty(setup, fc.array(command, { maxLength: 40 }), async (config, commands) => {
        const h = await play(config, commands);
        expectInvariants(h);
        const stop = h.events.find((e) => e.type === 'stop');
        expect(h.clock.pending).toEqual([]);
        const done = await h.supervisor.done;
        expect(done).toBe(stop?.payload);
      }),
      { numRuns: 1500 },
    );
  });
});
