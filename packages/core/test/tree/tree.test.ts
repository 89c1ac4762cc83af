import { describe, expect, it } from 'vitest';
import { exited, InvalidOptionsError, restartPolicy, SupervisorTree } from '@daemonkit/core';
import { flush, treeHarness } from './tree-harness.js';

const cmd = (name: string, extra: Record<string, unknown> = {}) => ({ name, command: name, random: () => 0, ...extra });

describe('SupervisorTree over fakes: start and stop order', () => {
  it('starts children in order, and one with readiness only once the one before is ready', async () => {
    const h = treeHarness({ children: [cmd('db', { readiness: { timeoutMs: 5000 } }), cmd('web'), cmd('jobs')] });
    h.tree.start();
    await flush();
    expect(h.alive()).toEqual(['db']);
    h.child('db').message({ daemonkit: 'ready' });
    await flush();
    expect(h.alive()).toEqual(['db', 'web', 'jobs']);
    expect(h.log).toEqual(['spawn db', 'ready db', 'spawn web', 'spawn jobs']);
  });

  it('stops in reverse order, one at a time: the next only once the previous is gone', async () => {
    const h = treeHarness({ children: [cmd('db'), cmd('web'), cmd('jobs')] });
    h.tree.start();
    await flush();
    const stopping = h.tree.stop();
    await flush();
    expect(h.child('jobs').signals).toEqual(['SIGTERM']);
    expect(h.child('web').signals).toEqual([]);
    h.child('jobs').exit(exited(0));
    await flush();
    expect(h.child('web').signals).toEqual(['SIGTERM']);
    expect(h.child('db').signals).toEqual([]);
    await h.settle();
    expect((await stopping).reason).toBe('requested');
    expect(h.log.filter((l) => l.startsWith('stop') || l.startsWith('tree-stop'))).toEqual(['stop jobs', 'stop web', 'stop db', 'tree-stop requested']);
    expect(h.alive()).toEqual([]);
  });
});

describe('strategies', () => {
  it('one-for-one restarts the failed child alone, after its backoff', async () => {
    const h = treeHarness({ children: [cmd('a'), cmd('b'), cmd('c')] });
    h.tree.start();
    await flush();
    h.child('b').exit(exited(1));
    await flush();
    expect(h.alive()).toEqual(['a', 'c']);
    h.clock.advance(100);
    await flush();
    expect(h.alive()).toEqual(['a', 'c', 'b']);
    expect(h.log.slice(3)).toEqual(['exit b', 'crash b', 'backoff b', 'spawn b']);
    expect(h.log).not.toContain('group-restart b');
  });

  it('one-for-all stops the others (last started first), then starts all in order', async () => {
    const h = treeHarness({ strategy: 'one-for-all', children: [cmd('a'), cmd('b'), cmd('c')] });
    h.tree.start();
    await flush();
    h.child('b').exit(exited(1));
    await h.settle();
    expect(h.log.slice(3)).toEqual([
      'exit b',
      'crash b',
      'group-restart b',
      'exit c',
      'exit a',
      'spawn a',
      'backoff b',
      'spawn b',
      'spawn c',
    ]);
    const group = h.payloads.find((p) => p.event === 'group-restart')?.payload;
    expect(group).toEqual({ tree: '', trigger: 'b', children: ['a', 'b', 'c'], strategy: 'one-for-all' });
    expect(h.alive()).toEqual(['a', 'b', 'c']);
  });

  it('rest-for-one restarts the failed child and those started after it', async () => {
    const h = treeHarness({ strategy: 'rest-for-one', children: [cmd('a'), cmd('b'), cmd('c')] });
    h.tree.start();
    await flush();
    h.child('b').exit(exited(1));
    await h.settle();
    expect(h.log.slice(3)).toEqual(['exit b', 'crash b', 'group-restart b', 'exit c', 'backoff b', 'spawn b', 'spawn c']);
    expect(h.alive()).toEqual(['a', 'b', 'c']);
  });

  it('a child whose own policy stops it stays stopped and triggers nothing; the tree completes when all have', async () => {
    const h = treeHarness({ strategy: 'one-for-all', children: [cmd('a', { restart: 'transient' }), cmd('b', { restart: 'temporary' })] });
    h.tree.start();
    await flush();
    h.child('a').exit(exited(0));
    await flush();
    expect(h.alive()).toEqual(['b']);
    h.child('b').exit(exited(1));
    const done = await h.tree.done;
    expect(done.reason).toBe('completed');
    expect(h.log).not.toContain('group-restart a');
    expect(h.log.at(-1)).toBe('tree-stop completed');
  });
});

describe('intensity and giving up', () => {
  it('one restart more than the intensity gives the tree up: tree-giveup, every child stopped, tree-stop giveup', async () => {
    const h = treeHarness({ intensity: { maxRestarts: 2, periodMs: 10_000 }, children: [cmd('a'), cmd('b', { policy: restartPolicy({ restart: 'always', backoff: 0 }) })] });
    h.tree.on('tree-giveup', () => {});
    h.tree.start();
    await flush();
    for (let i = 0; i < 3; i++) {
      h.child('b').exit(exited(1));
      await flush();
    }
    await h.settle();
    const done = await h.tree.done;
    expect(done.reason).toBe('giveup');
    const giveup = h.payloads.find((p) => p.event === 'tree-giveup')?.payload;
    expect(giveup?.trigger).toBe('b');
    expect(giveup?.reason).toMatch(/^3 restarts within 10 s \(intensity: at most 2\); last: b exited with code 1/);
    expect(h.alive()).toEqual([]);
    expect(h.log.at(-1)).toBe('tree-stop giveup');
  });

  it('a child that gives up by its own limits gives the tree up', async () => {
    const h = treeHarness({ children: [cmd('a'), cmd('b', { policy: restartPolicy({ restart: 'always', maxConsecutiveFailures: 1 }) })] });
    h.tree.on('tree-giveup', () => {});
    h.tree.start();
    await flush();
    h.child('b').exit(exited(1));
    await h.settle();
    expect((await h.tree.done).reason).toBe('giveup');
    expect(h.payloads.find((p) => p.event === 'tree-giveup')?.payload.reason).toMatch(/^b gave up: Gave up on b: 1 consecutive failure/);
  });
});

describe('nested trees', () => {
  it('ids are paths; a nested tree that gives up is restarted by its parent (escalation), counted by the parent', async () => {
    const h = treeHarness({
      children: [
        cmd('db'),
        {
          name: 'jobs',
          tree: { strategy: 'one-for-all', intensity: { maxRestarts: 0, periodMs: 10_000 }, children: [cmd('mailer'), cmd('cron')] },
        },
      ],
    });
    h.tree.on('tree-giveup', () => {});
    h.tree.start();
    await flush();
    expect(h.tree.status().map((s) => s.id)).toEqual(['db', 'jobs/mailer', 'jobs/cron']);
    h.child('mailer').exit(exited(1));
    await h.settle();
    const giveup = h.payloads.find((p) => p.event === 'tree-giveup')?.payload;
    expect(giveup?.tree).toBe('jobs');
    expect(h.alive()).toEqual(['db', 'mailer', 'cron']);
    expect(h.tree.state).toBe('running');
    expect(h.log).toContain('spawn jobs/mailer');
  });
});

describe('replicas, rolling restarts, add and remove', () => {
  it('replicas are name#i with DAEMONKIT_INSTANCE and NODE_APP_INSTANCE', async () => {
    const h = treeHarness({ children: [cmd('web', { instances: 3 })] });
    h.tree.start();
    await flush();
    expect(h.tree.status().map((s) => [s.id, s.state])).toEqual([
      ['web#0', 'running'],
      ['web#1', 'running'],
      ['web#2', 'running'],
    ]);
    expect([0, 1, 2].map((i) => [h.child('web', i).spec.env.DAEMONKIT_INSTANCE, h.child('web', i).spec.env.NODE_APP_INSTANCE])).toEqual([
      ['0', '0'],
      ['1', '1'],
      ['2', '2'],
    ]);
    expect(Object.isFrozen(h.tree.status())).toBe(true);
  });

  it('a rolling restart replaces one replica at a time, the next once the new one is up', async () => {
    const h = treeHarness({ rollingSettleMs: 500, children: [cmd('web', { instances: 3 })] });
    h.tree.start();
    await flush();
    const rolling = h.tree.restart('web', { rolling: true });
    await flush();
    expect(h.child('web', 0).signals).toEqual(['SIGTERM']);
    expect(h.child('web', 1).signals).toEqual([]);
    h.child('web', 0).exit(exited(0));
    await flush();
    // The new web#0 must keep running 500 ms before web#1 is replaced.
    h.clock.advance(499);
    await flush();
    expect(h.child('web', 1).signals).toEqual([]);
    h.clock.advance(1);
    await flush();
    expect(h.child('web', 1).signals).toEqual(['SIGTERM']);
    h.child('web', 1).exit(exited(0));
    await flush();
    h.clock.advance(500);
    await flush();
    h.child('web', 2).exit(exited(0));
    await flush();
    h.clock.advance(500);
    await rolling;
    expect(h.tree.status().map((s) => s.attempt)).toEqual([2, 2, 2]);
  });

  it('a replica that fails during the roll stops it, and the rejection names it', async () => {
    const h = treeHarness({ rollingSettleMs: 500, children: [cmd('web', { instances: 3 })] });
    h.tree.start();
    await flush();
    const rolling = h.tree.restart('web', { rolling: true });
    await flush();
    h.child('web', 0).exit(exited(0));
    await flush();
    h.child('web', 0).exit(exited(1));
    await expect(rolling).rejects.toThrow(/Rolling restart stopped at web#0/);
    expect(h.spawner.children.filter((c) => c.spec.env.DAEMONKIT_INSTANCE === '1')).toHaveLength(1);
  });

  it('add() starts a child in a running tree; remove() stops it for good and forgets it', async () => {
    const h = treeHarness({ children: [cmd('a')] });
    h.tree.start();
    await flush();
    expect(await h.tree.add(cmd('b', { instances: 2 }))).toEqual(['b#0', 'b#1']);
    expect(h.alive()).toEqual(['a', 'b', 'b']);
    const removing = h.tree.remove('b');
    await h.settle();
    await removing;
    expect(h.tree.status().map((s) => s.id)).toEqual(['a']);
    expect(h.alive()).toEqual(['a']);
  });

  it('add() of a name the tree has already throws at once, in the caller, and starts nothing', async () => {
    const h = treeHarness({ children: [cmd('a', { instances: 2 })] });
    h.tree.start();
    await flush();
    expect(() => h.tree.add(cmd('a'))).toThrow(new InvalidOptionsError('add(): a child is named "a" already', 'name'));
    await flush();
    expect(h.alive()).toEqual(['a', 'a']);
    expect(h.tree.status().map((s) => s.id)).toEqual(['a#0', 'a#1']);
  });
});

describe('options', () => {
  it('a systemd mode given as restart points at policy', () => {
    expect(() => new SupervisorTree({ children: [{ name: 'a', command: 'a', restart: 'always' as never }] })).toThrow(
      new InvalidOptionsError(
        "new SupervisorTree(): expected `children[0].restart` to be one of 'permanent', 'transient', 'temporary', got `\"always\"` (string): systemd's modes go in a policy, `policy: restartPolicy({ restart: \"always\" })`",
        'children[0].restart',
      ),
    );
  });

  it('names must be unique and free of / and #', () => {
    expect(() => new SupervisorTree({ children: [{ name: 'a', command: 'a' }, { name: 'a', command: 'b' }] })).toThrow(/is used by an earlier child/);
    expect(() => new SupervisorTree({ children: [{ name: 'a/b', command: 'a' }] })).toThrow(/children\[0\]\.name/);
  });
});

describe('sequencing: calls from listeners, failures during a group restart, stop during one', () => {
  it('stop() from a child crash listener: no restart after it, every child stopped, tree-stop once', async () => {
    const h = treeHarness({ children: [cmd('a'), cmd('b')] });
    h.tree.on('crash', () => void h.tree.stop());
    h.tree.start();
    await flush();
    h.child('b').exit(exited(1));
    await h.settle();
    expect((await h.tree.done).reason).toBe('requested');
    expect(h.spawner.children).toHaveLength(2);
    expect(h.log.filter((l) => l.startsWith('tree-stop'))).toEqual(['tree-stop requested']);
    expect(h.alive()).toEqual([]);
  });

  it('a child that fails while a group restart stops it is covered by that restart, not counted twice', async () => {
    const h = treeHarness({ strategy: 'one-for-all', intensity: { maxRestarts: 1, periodMs: 60_000 }, children: [cmd('a'), cmd('b'), cmd('c')] });
    h.tree.on('tree-giveup', () => {});
    h.tree.start();
    await flush();
    h.child('b').exit(exited(1));
    await flush();
    // c is being stopped by the group restart; it crashes instead of exiting cleanly.
    expect(h.child('c').signals).toEqual(['SIGTERM']);
    h.child('c').exit(exited(1));
    await h.settle();
    expect(h.tree.state).toBe('running');
    expect(h.alive()).toEqual(['a', 'b', 'c']);
    expect(h.log.filter((l) => l.startsWith('group-restart'))).toEqual(['group-restart b']);
  });

  it('stop() during a group restart waiting for a child to be ready ends it: nothing starts after the stop', async () => {
    const h = treeHarness({ strategy: 'one-for-all', children: [cmd('a', { readiness: { timeoutMs: 60_000 } }), cmd('b')] });
    h.tree.start();
    await flush();
    h.child('a').message({ daemonkit: 'ready' });
    await flush();
    h.child('b').exit(exited(1));
    await flush();
    h.child('a').exit(exited(0)); // stopped by the group restart
    await flush();
    // a was restarted by the group restart and waits to be ready; b waits behind it.
    expect(h.alive()).toEqual(['a']);
    const stopping = h.tree.stop();
    await h.settle();
    expect((await stopping).reason).toBe('requested');
    expect(h.alive()).toEqual([]);
    expect(h.spawner.children.filter((c) => c.spec.command === 'b')).toHaveLength(1);
  });

  it('a listener that throws goes to the error event; the tree carries on', async () => {
    const h = treeHarness({ children: [cmd('a')] });
    const errors: string[] = [];
    h.tree.on('error', ({ error, event }) => errors.push(`${event}: ${(error as Error).message}`));
    h.tree.on('spawn', () => {
      throw new Error('listener bug');
    });
    h.tree.start();
    await flush();
    h.child('a').exit(exited(1));
    await flush();
    h.clock.advance(100);
    await flush();
    expect(errors).toEqual(['spawn: listener bug', 'spawn: listener bug']);
    expect(h.alive()).toEqual(['a']);
  });

  it('an idle tree holds no timer; a stopped one neither', async () => {
    const h = treeHarness({ children: [cmd('a'), { name: 'n', tree: { children: [cmd('b')] } }] });
    h.tree.start();
    await flush();
    expect(h.clock.pending).toEqual([]);
    await Promise.all([h.tree.stop(), h.settle()]);
    expect(h.clock.pending).toEqual([]);
  });

  it('restart(name) replaces a command or a nested tree, not counted against the intensity; unknown names throw', async () => {
    const h = treeHarness({ intensity: { maxRestarts: 0, periodMs: 60_000 }, children: [cmd('a'), { name: 'n', tree: { children: [cmd('b'), cmd('c')] } }] });
    h.tree.start();
    await flush();
    const restarting = Promise.all([h.tree.restart('a'), h.tree.restart('n')]);
    await h.settle();
    await restarting;
    expect(h.tree.state).toBe('running');
    expect(h.tree.status().map((s) => [s.id, s.attempt])).toEqual([
      ['a', 2],
      ['n/b', 2],
      ['n/c', 2],
    ]);
    expect(() => h.tree.restart('nope')).toThrow('restart(): no child "nope" in this tree (children: a, n/b, n/c)');
  });
});

describe('restart types in group restarts and escalation, as OTP', () => {
  it('a temporary sibling stopped by a group restart stays stopped', async () => {
    const h = treeHarness({ strategy: 'one-for-all', children: [cmd('a'), cmd('t', { restart: 'temporary' })] });
    h.tree.start();
    await flush();
    h.child('a').exit(exited(1));
    await h.settle();
    expect(h.alive()).toEqual(['a']);
    expect(h.tree.status().map((s) => [s.id, s.state])).toEqual([
      ['a', 'running'],
      ['t', 'stopped'],
    ]);
  });
});

describe('a nested tree restarted by its parent starts afresh, as a restarted OTP supervisor', () => {
  it('after escalation, a child that had given up is made anew and runs again', async () => {
    const h = treeHarness({
      children: [cmd('a'), { name: 'inner', tree: { children: [cmd('b', { policy: restartPolicy({ restart: 'always', maxConsecutiveFailures: 1 }) }), cmd('c')] } }],
    });
    h.tree.on('tree-giveup', () => {});
    h.tree.start();
    await flush();
    h.child('b').exit(exited(1));
    await h.settle();
    expect(h.tree.status().map((s) => [s.id, s.state])).toEqual([
      ['a', 'running'],
      ['inner/b', 'running'],
      ['inner/c', 'running'],
    ]);
    expect(h.alive()).toEqual(['a', 'b', 'c']);
  });

  it('a nested tree stopped and started again by a group restart forgets its restart history', async () => {
    const h = treeHarness({
      strategy: 'one-for-all',
      children: [cmd('a'), { name: 'inner', tree: { intensity: { maxRestarts: 1, periodMs: 60_000 }, children: [cmd('b')] } }],
    });
    h.tree.on('tree-giveup', () => {});
    h.tree.start();
    await flush();
    h.child('b').exit(exited(1)); // inner restarts b: 1 restart in its window
    await h.settle();
    h.child('a').exit(exited(1)); // the outer group restart stops inner and starts it again
    await h.settle();
    h.child('b').exit(exited(1)); // a fresh inner allows this one
    await h.settle();
    expect(h.log.filter((l) => l.startsWith('tree-giveup'))).toEqual([]);
    expect(h.log.filter((l) => l.startsWith('group-restart'))).toEqual(['group-restart a']);
  });

  it('halting a nested tree stops its own group restart from starting anything more', async () => {
    const h = treeHarness({
      strategy: 'one-for-all',
      children: [
        cmd('a'),
        { name: 'inner', tree: { strategy: 'one-for-all', children: [cmd('b', { readiness: { timeoutMs: 60_000 } }), cmd('c'), cmd('d')] } },
      ],
    });
    h.tree.start();
    await flush();
    h.child('b').message({ daemonkit: 'ready' });
    await flush();
    h.child('c').exit(exited(1)); // inner's group restart: b, c, d stopped, then b started, waiting to be ready
    await flush();
    h.child('d').exit(exited(0));
    await flush();
    h.child('b').exit(exited(0));
    await flush();
    expect(h.alive()).toEqual(['a', 'b']);
    h.child('a').exit(exited(1)); // the outer group restart halts inner
    // Children asked to stop do; no timer runs (b's readiness must not time out in this story).
    for (let i = 0; i < 10; i++) {
      await flush();
      for (const c of h.spawner.children) if (!c.exited && c.pid !== undefined && c.signals.length > 0) c.exit(exited(0));
    }
    h.clock.advance(100); // a's backoff, before the group restart starts a, then inner
    await flush();
    h.child('b').message({ daemonkit: 'ready' });
    await flush();
    const spawns = (id: string) => h.payloads.filter((p) => p.event === 'spawn' && p.payload.child === id).length;
    // c and d: their first run, and their run after the outer restart; none in between, while inner was halted.
    expect([spawns('inner/c'), spawns('inner/d')]).toEqual([2, 2]);
    expect(h.alive()).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('the environment of tree children', () => {
  it('is process.env as the tree was made, the child\'s env over it (undefined removes), then the replica variables', async () => {
    process.env.DAEMONKIT_TREE_ENV_TEST = 'inherited';
    process.env.DAEMONKIT_TREE_ENV_GONE = 'inherited';
    try {
      const h = treeHarness({
        children: [cmd('a', { instances: 2, env: { EXTRA: '1', DAEMONKIT_TREE_ENV_GONE: undefined } }), cmd('b', { extendEnv: false, env: { ONLY: 'this' } })],
      });
      process.env.DAEMONKIT_TREE_ENV_TEST = 'changed after the tree was made';
      h.tree.start();
      await flush();
      const env = h.child('a', 1).spec.env;
      expect(env.DAEMONKIT_TREE_ENV_TEST).toBe('inherited');
      expect(env.EXTRA).toBe('1');
      expect('DAEMONKIT_TREE_ENV_GONE' in env).toBe(false);
      expect([env.DAEMONKIT_INSTANCE, env.NODE_APP_INSTANCE]).toEqual(['1', '1']);
      expect(h.child('b').spec.env).toEqual({ ONLY: 'this' });
    } finally {
      delete process.env.DAEMONKIT_TREE_ENV_TEST;
      delete process.env.DAEMONKIT_TREE_ENV_GONE;
    }
  });
});

describe('review fixes: nothing runs after a stop, nothing waits behind a child', () => {
  it('a transient nested tree that gives up stops its children for good; they cannot be restarted after', async () => {
    const h = treeHarness({
      children: [cmd('db'), { name: 'n', restart: 'transient', tree: { intensity: { maxRestarts: 0, periodMs: 60_000 }, children: [cmd('x')] } }],
    });
    h.tree.on('tree-giveup', () => {});
    h.tree.start();
    await flush();
    h.child('x').exit(exited(1));
    await h.settle();
    expect(h.tree.status().map((s) => [s.id, s.state])).toEqual([
      ['db', 'running'],
      ['n/x', 'stopped'],
    ]);
    await expect(h.tree.restart('n/x')).rejects.toThrow('Cannot restart n/x: the tree n has stopped');
    await Promise.all([h.tree.stop(), h.settle()]);
    expect(h.alive()).toEqual([]);
    expect(h.log.at(-1)).toBe('tree-stop requested');
  });

  it('a stop asked for during a restart is not followed by a spawn, and does not wait for a readiness timeout', async () => {
    const h = treeHarness({ children: [cmd('a'), { name: 'n', tree: { children: [cmd('x', { readiness: { timeoutMs: 60_000 } })] } }] });
    h.tree.start();
    await flush();
    h.child('x').message({ daemonkit: 'ready' });
    await flush();
    void h.tree.restart('n');
    await flush();
    h.child('x').exit(exited(0)); // halted by the restart; the new x then waits to be ready
    await flush();
    const spawnsBefore = h.spawner.children.length;
    const stopping = h.tree.stop();
    for (let i = 0; i < 10; i++) {
      await flush();
      for (const c of h.spawner.children) if (!c.exited && c.pid !== undefined && c.signals.length > 0) c.exit(exited(0));
    }
    expect((await stopping).reason).toBe('requested');
    expect(h.spawner.children.length).toBe(spawnsBefore);
    expect(h.clock.time).toBe(1_000_000); // no timer had to run: the stop did not wait for x's readiness
  });

  it('a child whose log file cannot be opened: start() throws at once; later, it gives the tree up, naming it', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const missing = new SupervisorTree({ children: [{ name: 'a', command: 'a', logFile: '/nonexistent-dir/a.log' }] });
    expect(() => missing.start()).toThrow(/Cannot open logFile "\/nonexistent-dir\/a.log"/);
    const dir = mkdtempSync(join(tmpdir(), 'daemonkit-tree-'));
    try {
      const h = treeHarness({ strategy: 'one-for-all', children: [cmd('a', { logFile: join(dir, 'a.log') }), cmd('b')] });
      h.tree.on('tree-giveup', () => {});
      h.tree.start();
      await flush();
      rmSync(dir, { recursive: true, force: true });
      h.child('b').exit(exited(1));
      await h.settle();
      expect((await h.tree.done).reason).toBe('giveup');
      expect(h.payloads.find((p) => p.event === 'tree-giveup')?.payload.reason).toMatch(/^a could not be started: Cannot open logFile/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('one-for-one: a child backing off for long does not hold up another child\'s restart', async () => {
    const h = treeHarness({
      children: [
        cmd('a', { policy: restartPolicy({ restart: 'always', backoff: 10_000 }) }),
        cmd('b', { policy: restartPolicy({ restart: 'always', backoff: 100 }) }),
      ],
    });
    h.tree.start();
    await flush();
    h.child('a').exit(exited(1));
    h.child('b').exit(exited(1));
    await flush();
    h.clock.advance(100);
    await flush();
    expect(h.alive()).toEqual(['b']);
  });

  it('once the root is asked to stop, a nested child that exits is not restarted', async () => {
    const h = treeHarness({ children: [{ name: 'n', tree: { children: [cmd('x', { policy: restartPolicy({ restart: 'always', backoff: 0 }) })] } }, cmd('a')] });
    h.tree.start();
    await flush();
    const stopping = h.tree.stop();
    h.child('x').exit(exited(1));
    await h.settle();
    await stopping;
    expect(h.spawner.children.filter((c) => c.spec.command === 'x')).toHaveLength(1);
  });

  it('removing the last running child completes a tree whose other children have all stopped for good', async () => {
    const h = treeHarness({ children: [cmd('a', { restart: 'temporary' }), cmd('b')] });
    h.tree.start();
    await flush();
    h.child('a').exit(exited(0));
    await flush();
    const removing = h.tree.remove('b');
    await h.settle();
    await removing;
    expect((await h.tree.done).reason).toBe('completed');
  });
});
