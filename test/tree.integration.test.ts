import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandChildSpec, SupervisorTree, TreeEventName, TreeStrategy } from '@daemonkit/core';
import { isAlive } from './helpers/process-liveness.js';
import { fixture, superviseTree, tempDir } from './helpers/supervisors.js';

const node = process.execPath;

/** A child that stays up until SIGTERM (then exits 0); it prints a line once its SIGTERM handler is in place. */
const worker = (name: string, extra: Partial<CommandChildSpec> = {}): CommandChildSpec => ({
  name,
  command: node,
  args: [fixture('tree-worker.mjs')],
  stdio: 'pipe',
  ...extra,
});

const EVENTS: readonly TreeEventName[] = ['spawn', 'ready', 'output', 'exit', 'crash', 'backoff', 'giveup', 'stop', 'group-restart', 'tree-giveup', 'tree-stop'];

type Payload = Record<string, any>;

/**
 * Records every event of a tree as `event who` (who: the child's id; a nested tree's id for tree-giveup; the trigger
 * for group-restart; the reason for tree-stop), with its payload, and every pid each child was spawned with.
 * `until(test)` resolves once `test()` holds, checked now and after every event: waiting on events, not on time.
 */
function record(tree: SupervisorTree) {
  const log: string[] = [];
  const entries: Array<{ event: TreeEventName; who: string; payload: Payload }> = [];
  const spawned = new Map<string, number[]>();
  const printed = new Map<number, string>();
  const waiters: Array<{ test: () => boolean; resolve: () => void }> = [];
  const check = () => {
    for (const waiter of waiters.slice()) {
      if (waiter.test()) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  for (const event of EVENTS) {
    (tree.on as (e: TreeEventName, l: (p: Payload) => void) => void)(event, (payload) => {
      const who = String(
        event === 'tree-giveup' ? payload.tree : event === 'group-restart' ? payload.trigger : event === 'tree-stop' ? payload.reason : payload.child,
      );
      if (event === 'spawn') spawned.set(who, [...(spawned.get(who) ?? []), payload.pid as number]);
      if (event === 'output' && !printed.has(payload.pid)) printed.set(payload.pid, payload.line);
      if (event !== 'output') log.push(`${event} ${who}`);
      entries.push({ event, who, payload });
      check();
    });
  }
  const pids = (id: string): number[] => spawned.get(id) ?? [];
  /** Whether every process of `id` (it has one at least) has printed its first line. */
  const announced = (id: string): boolean => pids(id).length > 0 && pids(id).every((pid) => printed.has(pid));
  const until = (test: () => boolean, what: string, timeoutMs = 30_000): Promise<void> => {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      // A deadline with the log in its message, so that a hang says where it stopped (not a sleep: never waited out).
      const timer = setTimeout(() => {
        waiters.splice(waiters.findIndex((w) => w.test === test), 1);
        reject(new Error(`timed out waiting for ${what}; events so far:\n  ${log.join('\n  ')}`));
      }, timeoutMs);
      waiters.push({
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  };
  const payloads = (event: TreeEventName, who?: string) =>
    entries.filter((e) => e.event === event && (who === undefined || e.who === who)).map((e) => e.payload);
  return { log, entries, pids, printed, announced, until, payloads };
}

/** The entries of `log` from `from` on whose event is one of `events`. */
const only = (log: readonly string[], from: number, events: readonly string[]) => log.slice(from).filter((l) => events.includes(l.split(' ')[0]!));

describe('SupervisorTree over real processes', { timeout: 90_000 }, () => {
  const ids = ['db', 'web', 'jobs'];
  const cases: ReadonlyArray<{ strategy: TreeStrategy; restarted: readonly string[]; order: readonly string[] }> = [
    { strategy: 'one-for-one', restarted: ['web'], order: ['exit web', 'crash web', 'spawn web'] },
    {
      strategy: 'one-for-all',
      restarted: ['db', 'web', 'jobs'],
      // The others are stopped last started first, then all start in order.
      order: ['exit web', 'crash web', 'group-restart web', 'exit jobs', 'exit db', 'spawn db', 'spawn web', 'spawn jobs'],
    },
    {
      strategy: 'rest-for-one',
      restarted: ['web', 'jobs'],
      order: ['exit web', 'crash web', 'group-restart web', 'exit jobs', 'spawn web', 'spawn jobs'],
    },
  ];

  for (const { strategy, restarted, order } of cases) {
    it(`${strategy}: SIGKILL of the middle child restarts ${restarted.join(', ')} and nothing else`, async () => {
      const tree = superviseTree({ strategy, children: ids.map((id) => worker(id)) });
      const rec = record(tree);
      tree.start();
      // Each child's first line: its SIGTERM handler is in place (a sibling stopped by a strategy exits 0).
      await rec.until(() => ids.every((id) => rec.announced(id)), 'the first spawns, announced');
      const before = Object.fromEntries(ids.map((id) => [id, rec.pids(id)[0]!]));
      const mark = rec.log.length;

      process.kill(before.web!, 'SIGKILL');
      await rec.until(() => restarted.every((id) => rec.pids(id).length === 2), `the new spawns of ${restarted.join(', ')}`);

      expect(only(rec.log, mark, ['exit', 'crash', 'spawn', 'group-restart', 'tree-giveup', 'tree-stop'])).toEqual(order);
      expect(rec.payloads('exit', 'web')[0]?.run).toMatchObject({ pid: before.web, outcome: { kind: 'signaled', signal: 'SIGKILL' } });
      // Siblings stopped by the strategy were asked to stop (SIGTERM, exit 0): not failures.
      for (const id of restarted.filter((id) => id !== 'web')) {
        expect(rec.payloads('exit', id)[0]?.run).toMatchObject({ pid: before[id], outcome: { kind: 'exited', code: 0 } });
      }
      expect(rec.payloads('crash').map((p) => p.child)).toEqual(['web']);
      const groups = rec.payloads('group-restart');
      if (restarted.length === 1) expect(groups).toEqual([]);
      else expect(groups).toEqual([{ tree: '', trigger: 'web', children: restarted, strategy }]);

      const status = tree.status();
      expect(status.map((s) => [s.id, s.state, s.attempt])).toEqual(ids.map((id) => [id, 'running', restarted.includes(id) ? 2 : 1]));
      for (const { id, pid } of status) {
        if (restarted.includes(id)) {
          expect(pid, id).toBe(rec.pids(id)[1]);
          expect(pid, id).not.toBe(before[id]);
          expect(isAlive(before[id]!), `${id}'s old pid ${before[id]}`).toBe(false);
        } else {
          expect(pid, id).toBe(before[id]);
          expect(rec.pids(id), id).toHaveLength(1);
        }
        expect(isAlive(pid!), `${id} pid ${pid}`).toBe(true);
      }

      expect((await tree.stop()).reason).toBe('requested');
      for (const id of ids) for (const pid of rec.pids(id)) expect(isAlive(pid), `${id} pid ${pid}`).toBe(false);
    });
  }

  it('a nested tree that exceeds its intensity gives up, is stopped, and is restarted by its parent, which runs on', async () => {
    const crashedOnce = join(tempDir(), 'crashed-once');
    const tree = superviseTree({
      children: [
        worker('db'),
        {
          name: 'inner',
          tree: {
            intensity: { maxRestarts: 0, periodMs: 60_000 },
            // flaky starts last: steady is surely up when flaky crashes (100 ms after its spawn, first run only).
            children: [worker('steady'), worker('flaky', { args: [fixture('tree-worker.mjs'), '--crash-once', crashedOnce] })],
          },
        },
      ],
    });
    const rec = record(tree);
    // Whether each inner child's previous process was gone when its new one was spawned.
    const previousGone: Record<string, boolean> = {};
    tree.on('spawn', ({ child }) => {
      const previous = rec.pids(child).at(-2);
      if (previous !== undefined) previousGone[child] = !isAlive(previous);
    });
    tree.start();
    await rec.until(() => rec.pids('db').length === 1 && rec.pids('inner/steady').length === 1 && rec.pids('inner/flaky').length === 1, 'the first spawns');
    const mark = rec.log.length;
    const before = { db: rec.pids('db')[0]!, steady: rec.pids('inner/steady')[0]!, flaky: rec.pids('inner/flaky')[0]! };

    await rec.until(() => rec.pids('inner/steady').length === 2 && rec.pids('inner/flaky').length === 2, 'the inner tree restarted');

    expect(only(rec.log, mark, ['exit', 'crash', 'spawn', 'group-restart', 'tree-giveup', 'tree-stop'])).toEqual([
      'exit inner/flaky',
      'crash inner/flaky',
      'tree-giveup inner',
      // The inner tree stops its children (flaky is already down), then its parent starts it again, in order.
      'exit inner/steady',
      'spawn inner/steady',
      'spawn inner/flaky',
    ]);
    expect(rec.payloads('exit', 'inner/flaky')[0]?.run).toMatchObject({ pid: before.flaky, outcome: { kind: 'exited', code: 1 } });
    expect(rec.payloads('tree-giveup')).toEqual([
      { tree: 'inner', trigger: 'inner/flaky', reason: expect.stringMatching(/\(intensity: at most 0\); last: inner\/flaky exited with code 1/) },
    ]);
    expect(previousGone).toEqual({ 'inner/steady': true, 'inner/flaky': true });
    expect(isAlive(before.steady)).toBe(false);
    expect(isAlive(before.flaky)).toBe(false);

    // The outer tree runs on: db untouched, the inner children up again under the same ids.
    expect(tree.state).toBe('running');
    expect(rec.log).not.toContain('tree-giveup ');
    expect(rec.payloads('tree-stop')).toEqual([]);
    const status = tree.status();
    expect(status.map((s) => [s.id, s.state])).toEqual([
      ['db', 'running'],
      ['inner/steady', 'running'],
      ['inner/flaky', 'running'],
    ]);
    expect(status[0]!.pid).toBe(before.db);
    expect(rec.pids('db')).toHaveLength(1);
    expect(status[1]!.pid).toBe(rec.pids('inner/steady')[1]);
    expect(status[2]!.pid).toBe(rec.pids('inner/flaky')[1]);
    for (const { id, pid } of status) expect(isAlive(pid!), `${id} pid ${pid}`).toBe(true);

    expect((await tree.stop()).reason).toBe('requested');
    for (const { id, pid } of status) expect(isAlive(pid!), `${id} pid ${pid}`).toBe(false);
  });

  it('a rolling restart of 4 replicas (readiness: notifyReady) keeps at least 3 alive at every moment', async () => {
    const replicas = [0, 1, 2, 3].map((i) => `web#${i}`);
    const tree = superviseTree({
      children: [{ name: 'web', command: node, args: [fixture('tree-replica.mjs')], instances: 4, readiness: { timeoutMs: 20_000 }, stdio: 'pipe' }],
    });
    const rec = record(tree);
    tree.start();
    // Each replica prints its instance (both variables) and its pid.
    await rec.until(() => replicas.every((id) => rec.payloads('ready', id).length === 1 && rec.announced(id)), 'the 4 replicas ready');
    const before = replicas.map((id) => rec.pids(id)[0]!);
    const mark = rec.log.length;

    const everyPid = () => replicas.flatMap((id) => rec.pids(id));
    const aliveCount = () => everyPid().filter(isAlive).length;
    const samples: number[] = [aliveCount()];
    // At each exit of an old replica, the moment with the fewest alive: its successor is not spawned yet.
    const atExit: number[] = [];
    tree.on('exit', () => atExit.push(aliveCount()));
    const sampler = setInterval(() => samples.push(aliveCount()), 20);
    try {
      await tree.restart('web', { rolling: true });
    } finally {
      clearInterval(sampler);
    }
    samples.push(aliveCount());

    expect(samples.length).toBeGreaterThan(2);
    expect(Math.min(...samples), `alive counts sampled: ${samples.join(' ')}`).toBeGreaterThanOrEqual(3);
    expect(atExit).toEqual([3, 3, 3, 3]);
    // One replica at a time, in order; the next is replaced only once the new one is ready.
    expect(only(rec.log, mark, ['exit', 'crash', 'spawn', 'ready', 'group-restart', 'tree-giveup'])).toEqual(
      replicas.flatMap((id) => [`exit ${id}`, `spawn ${id}`, `ready ${id}`]),
    );

    const status = tree.status();
    expect(status.map((s) => [s.id, s.state, s.attempt])).toEqual(replicas.map((id) => [id, 'running', 2]));
    for (const [i, { id, pid }] of status.entries()) {
      expect(pid, id).toBe(rec.pids(id)[1]);
      expect(pid, id).not.toBe(before[i]);
      expect(isAlive(pid!), `${id} pid ${pid}`).toBe(true);
      expect(isAlive(before[i]!), `${id}'s old pid ${before[i]}`).toBe(false);
    }
    await rec.until(() => replicas.every(rec.announced), 'the new replicas print their instance');
    for (const [i, id] of replicas.entries()) {
      for (const pid of rec.pids(id)) expect(rec.printed.get(pid)).toBe(`replica instance=${i} app=${i} pid=${pid}`);
    }

    expect((await tree.stop()).reason).toBe('requested');
    for (const pid of everyPid()) expect(isAlive(pid), `pid ${pid}`).toBe(false);
  });

  it('stop() with children that ignore SIGTERM: SIGKILL after killTimeoutMs, one at a time, in reverse start order', async () => {
    const tree = superviseTree({
      children: ids.map((name) => ({ name, command: node, args: [fixture('tree-stubborn.mjs')], stdio: 'pipe' as const, killTimeoutMs: 300 })),
    });
    const rec = record(tree);
    const readyLines = () => rec.entries.filter((e) => e.event === 'output' && e.payload.line === 'ready').map((e) => e.who);
    tree.start();
    // "ready": each child's SIGTERM handler is in place.
    await rec.until(() => ids.every((id) => readyLines().includes(id)), 'the 3 children to print ready');
    const pids = ids.map((id) => rec.pids(id)[0]!);

    const stopped = await tree.stop();

    expect(stopped).toEqual({ reason: 'requested' });
    for (const [i, pid] of pids.entries()) expect(isAlive(pid), `${ids[i]} pid ${pid}`).toBe(false);
    expect(rec.log.filter((l) => l.startsWith('spawn '))).toEqual(['spawn db', 'spawn web', 'spawn jobs']);
    expect(rec.log.filter((l) => l.startsWith('stop ') || l.startsWith('tree-stop '))).toEqual(['stop jobs', 'stop web', 'stop db', 'tree-stop requested']);
    const ends = ['jobs', 'web', 'db'].map((id) => {
      const [stop] = rec.payloads('stop', id);
      expect(stop, id).toMatchObject({ reason: 'requested', lastRun: { outcome: { kind: 'signaled', signal: 'SIGKILL' } } });
      expect(stop!.lastRun.runtimeMs, id).toBeGreaterThanOrEqual(300);
      return stop!.lastRun.endedAt as number;
    });
    // One at a time: each child is signalled only once the one before is gone, so it dies at least killTimeoutMs
    // later (a lower bound; a few ms of slack for the clock's rounding).
    expect(ends[1]! - ends[0]!).toBeGreaterThanOrEqual(295);
    expect(ends[2]! - ends[1]!).toBeGreaterThanOrEqual(295);
    expect(tree.state).toBe('stopped');
  });

  it('a child that cannot be spawned (ENOENT) gives the tree up after maxSpawnFailures: done resolves with giveup', async () => {
    const missing = join(tempDir(), 'no-such-program');
    const tree = superviseTree({ children: [worker('db'), { name: 'ghost', command: missing, stdio: 'ignore' }] });
    const rec = record(tree);
    const done = tree.start().done;

    const stopped = await done;

    expect(stopped).toEqual({ reason: 'giveup' });
    const ghostRuns = rec.payloads('exit', 'ghost').map((p) => p.run);
    expect(ghostRuns).toHaveLength(3);
    for (const run of ghostRuns) {
      expect(run.outcome).toMatchObject({ kind: 'spawn-failed', code: 'ENOENT' });
      expect(run.pid).toBeUndefined();
    }
    expect(rec.payloads('giveup').map((p) => [p.child, p.reason])).toEqual([
      ['ghost', expect.stringMatching(/ENOENT does not fix itself: 3 permanent spawn failures in a row \(maxSpawnFailures 3\)/)],
    ]);
    expect(rec.payloads('tree-giveup')).toEqual([{ tree: '', trigger: 'ghost', reason: expect.stringMatching(/^ghost gave up: /) }]);
    expect(rec.log.filter((l) => l.startsWith('stop ') || l.startsWith('tree-stop '))).toEqual(['stop ghost', 'stop db', 'tree-stop giveup']);
    expect(rec.log.at(-1)).toBe('tree-stop giveup');
    expect(rec.pids('db')).toHaveLength(1);
    expect(isAlive(rec.pids('db')[0]!)).toBe(false);
    expect(tree.state).toBe('stopped');
    expect(tree.status().map((s) => [s.id, s.state, s.pid])).toEqual([
      ['db', 'stopped', undefined],
      ['ghost', 'stopped', undefined],
    ]);
  });
});
