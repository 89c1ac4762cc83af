import { describe, expect, it } from 'vitest';
import {
  DaemonkitError,
  exited,
  restartPolicy,
  signaled,
  spawnFailed,
  Supervisor,
  type Policy,
  type SupervisorEvent,
  type SupervisorOptions,
} from '@daemonkit/core';
import { FakeClock, FakeSpawner } from './fakes.js';

/** Lets the microtask that performs the first spawn run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(options: Partial<SupervisorOptions> = {}) {
  const clock = new FakeClock();
  const spawner = new FakeSpawner();
  const supervisor = new Supervisor({
    command: 'worker',
    args: ['--port', '80'],
    clock,
    spawner,
    random: () => 0,
    policy: restartPolicy({ backoff: 100, maxConsecutiveFailures: 3 }),
    killTimeoutMs: 5000,
    ...options,
  });
  const events: SupervisorEvent[] = [];
  for (const type of ['spawn', 'exit', 'crash', 'backoff', 'giveup', 'stop'] as const) {
    (supervisor.on as (t: string, l: (payload: unknown) => void) => void)(type, (payload) =>
      events.push({ type, payload } as SupervisorEvent),
    );
  }
  const names = () => events.map((e) => e.type);
  return { clock, spawner, supervisor, events, names };
}

describe('Supervisor sequencing (fake spawner and clock)', () => {
  it('runs a crash loop through backoff to giveup, with events in order and stop last', async () => {
    const { clock, spawner, supervisor, names, events } = setup();
    supervisor.start();
    await flush();
    for (let i = 0; i < 3; i++) {
      clock.advance(50);
      spawner.last.exit(exited(1));
      if (i < 2) {
        expect(supervisor.state).toBe('backoff');
        expect(clock.pending).toEqual([100]);
        clock.advance(100);
      }
    }
    expect(names()).toEqual([
      'spawn', 'exit', 'crash', 'backoff',
      'spawn', 'exit', 'crash', 'backoff',
      'spawn', 'exit', 'crash', 'giveup', 'stop',
    ]);
    const stop = await supervisor.done;
    expect(stop.reason).toBe('giveup');
    expect(stop.lastRun?.attempt).toBe(3);
    const giveup = events.find((e) => e.type === 'giveup');
    expect(giveup?.type === 'giveup' && giveup.payload.restarts).toBe(2);
    expect(giveup?.type === 'giveup' && giveup.payload.reason).toMatch(/^Gave up on worker --port 80: 3 consecutive failures/);
    expect(supervisor.state).toBe('stopped');
  });

  it('fills run records from the clock and emits frozen payloads', async () => {
    const { clock, spawner, supervisor, events } = setup();
    supervisor.start();
    await flush();
    clock.advance(250);
    spawner.last.exit(signaled('SIGSEGV'));
    const exit = events.find((e) => e.type === 'exit');
    if (exit?.type !== 'exit') throw new Error('no exit event');
    expect(exit.payload.run).toEqual({
      attempt: 1,
      pid: 100,
      startedAt: 1_000_000,
      endedAt: 1_000_250,
      runtimeMs: 250,
      outcome: { kind: 'signaled', signal: 'SIGSEGV' },
      stopRequested: false,
    });
    expect(Object.isFrozen(exit.payload)).toBe(true);
    expect(Object.isFrozen(exit.payload.run)).toBe(true);
    const crash = events.find((e) => e.type === 'crash');
    expect(crash?.type === 'crash' && crash.payload.consecutiveFailures).toBe(1);
  });

  it('counts consecutive failures in crash events and resets them after a success', async () => {
    const { clock, spawner, supervisor, events } = setup({ policy: restartPolicy({ restart: 'always', backoff: 0 }) });
    supervisor.start();
    await flush();
    for (const code of [1, 1, 0, 1]) spawner.last.exit(exited(code));
    const counts = events.flatMap((e) => (e.type === 'crash' ? [e.payload.consecutiveFailures] : []));
    expect(counts).toEqual([1, 2, 1]);
    expect(clock.pending).toEqual([]);
    expect(spawner.children).toHaveLength(5);
  });

  it('restarts at once, without a timer, when the delay is 0', async () => {
    const { clock, spawner, supervisor } = setup({ policy: restartPolicy({ backoff: 0 }) });
    supervisor.start();
    await flush();
    spawner.last.exit(exited(1));
    expect(spawner.children).toHaveLength(2);
    expect(clock.pending).toEqual([]);
    expect(supervisor.state).toBe('running');
  });

  it('passes command, args and merged env to the spawner, without a shell', async () => {
    process.env.DAEMONKIT_FAKE_INHERITED = 'yes';
    process.env.DAEMONKIT_FAKE_REMOVED = 'yes';
    try {
      const { spawner, supervisor } = setup({ env: { EXTRA: '1', DAEMONKIT_FAKE_REMOVED: undefined }, stdio: 'ignore' });
      supervisor.start();
      await flush();
      const spec = spawner.last.spec;
      expect(spec.command).toBe('worker');
      expect(spec.args).toEqual(['--port', '80']);
      expect(spec.env.EXTRA).toBe('1');
      expect(spec.env.DAEMONKIT_FAKE_INHERITED).toBe('yes');
      expect('DAEMONKIT_FAKE_REMOVED' in spec.env).toBe(false);
      expect(spec.stdio).toEqual(['ignore', 'ignore', 'ignore']);
    } finally {
      delete process.env.DAEMONKIT_FAKE_INHERITED;
      delete process.env.DAEMONKIT_FAKE_REMOVED;
    }
  });

  it('with extendEnv: false the child gets env alone, without process.env', async () => {
    const { spawner, supervisor } = setup({ env: { ONLY: 'this', GONE: undefined }, extendEnv: false, stdio: 'ignore' });
    supervisor.start();
    await flush();
    expect(spawner.last.spec.env).toEqual({ ONLY: 'this' });
  });

  it('stop during backoff cancels the timer and resolves at once', async () => {
    const { clock, spawner, supervisor, names } = setup();
    supervisor.start();
    await flush();
    spawner.last.exit(exited(1));
    expect(supervisor.state).toBe('backoff');
    const stop = await supervisor.stop();
    expect(stop.reason).toBe('requested');
    expect(clock.pending).toEqual([]);
    clock.advance(10_000);
    expect(spawner.children).toHaveLength(1);
    expect(names().at(-1)).toBe('stop');
  });

  it('stop while running sends the kill signal, SIGKILL after the timeout, and resolves only on exit', async () => {
    const { clock, spawner, supervisor, names } = setup();
    supervisor.start();
    await flush();
    let settled = false;
    const stopping = supervisor.stop().then((e) => {
      settled = true;
      return e;
    });
    expect(supervisor.state).toBe('stopping');
    expect(spawner.last.signals).toEqual(['SIGTERM']);
    clock.advance(4999);
    expect(spawner.last.signals).toEqual(['SIGTERM']);
    clock.advance(1);
    expect(spawner.last.signals).toEqual(['SIGTERM', 'SIGKILL']);
    await Promise.resolve();
    expect(settled).toBe(false);
    spawner.last.exit(signaled('SIGKILL'));
    const stop = await stopping;
    expect(stop.reason).toBe('requested');
    expect(stop.lastRun?.stopRequested).toBe(true);
    // A requested stop is not a failure, even when it took SIGKILL.
    expect(names()).toEqual(['spawn', 'exit', 'stop']);
    expect(clock.pending).toEqual([]);
  });

  it('stop uses its own signal and timeout when given', async () => {
    const { clock, spawner, supervisor } = setup();
    supervisor.start();
    await flush();
    void supervisor.stop({ signal: 'SIGINT', timeoutMs: 10 });
    expect(spawner.last.signals).toEqual(['SIGINT']);
    clock.advance(10);
    expect(spawner.last.signals).toEqual(['SIGINT', 'SIGKILL']);
    spawner.last.exit(signaled('SIGKILL'));
  });

  it('stop while the spawn is failing waits for the failure, then stops without restarting', async () => {
    const { spawner, supervisor, names } = setup();
    spawner.failNext();
    supervisor.start();
    await flush();
    expect(names()).toEqual([]);
    const stopping = supervisor.stop();
    expect(supervisor.state).toBe('stopping');
    spawner.last.exit(spawnFailed('ENOENT'));
    const stop = await stopping;
    expect(stop.reason).toBe('requested');
    expect(stop.lastRun?.outcome).toEqual({ kind: 'spawn-failed', code: 'ENOENT', message: 'ENOENT' });
    expect(spawner.children).toHaveLength(1);
    expect(names()).toEqual(['exit', 'stop']);
  });

  it('a spawn failure is a run like any other, decided by the policy', async () => {
    const { clock, spawner, supervisor, names } = setup();
    spawner.failAll = true;
    supervisor.start();
    await flush();
    for (let i = 0; i < 3; i++) {
      spawner.last.exit(spawnFailed('ENOENT', 'spawn worker ENOENT'));
      clock.advance(100);
    }
    expect((await supervisor.done).reason).toBe('giveup');
    expect(spawner.children).toHaveLength(3);
    expect(names()).toEqual([
      'exit', 'crash', 'backoff', 'exit', 'crash', 'backoff', 'exit', 'crash', 'giveup', 'stop',
    ]);
  });

  it('a spawner that throws is reported as a spawn failure on a later turn', async () => {
    const clock = new FakeClock();
    const supervisor = new Supervisor({
      command: 'worker',
      clock,
      policy: restartPolicy({ restart: 'never' }),
      spawner: {
        spawn() {
          throw Object.assign(new Error('bad argument'), { code: 'ERR_INVALID_ARG_VALUE' });
        },
      },
    });
    expect(() => supervisor.start()).not.toThrow();
    await flush();
    clock.advance(0);
    const stop = await supervisor.done;
    expect(stop.lastRun?.outcome).toEqual({ kind: 'spawn-failed', code: 'ERR_INVALID_ARG_VALUE', message: 'bad argument' });
  });

  it('overrides a policy that asks to restart a run the supervisor was stopping', async () => {
    const alwaysRestart: Policy<null> = {
      name: 'stubborn',
      initialState: () => null,
      decide: () => ({ state: null, decision: { action: 'restart', delayMs: 0, failure: false, reason: 'again' } }),
    };
    const { spawner, supervisor } = setup({ policy: alwaysRestart });
    supervisor.start();
    await flush();
    const stopping = supervisor.stop();
    spawner.last.exit(signaled('SIGTERM'));
    expect((await stopping).reason).toBe('requested');
    expect(spawner.children).toHaveLength(1);
  });

  it('restart() replaces the child without consulting the policy or counting a failure', async () => {
    const seen: number[] = [];
    const counting: Policy<number> = {
      name: 'counting',
      initialState: () => 0,
      decide: (n, run) => {
        seen.push(run.attempt);
        return { state: n + 1, decision: { action: 'stop', failure: false, giveup: false, reason: 'done' } };
      },
    };
    const { spawner, supervisor, names, events } = setup({ policy: counting });
    supervisor.start();
    await flush();
    const restarting = supervisor.restart();
    expect(spawner.children[0]?.signals).toEqual(['SIGTERM']);
    spawner.children[0]?.exit(signaled('SIGTERM'));
    await restarting;
    expect(spawner.children).toHaveLength(2);
    expect(seen).toEqual([]);
    expect(names()).toEqual(['spawn', 'exit', 'backoff', 'spawn']);
    const backoff = events.find((e) => e.type === 'backoff');
    expect(backoff?.payload).toEqual({ delayMs: 0, attempt: 2, reason: 'restart requested' });
    spawner.last.exit(exited(0));
    expect(seen).toEqual([2]);
  });

  it('restart() during a backoff skips the wait', async () => {
    const { clock, spawner, supervisor } = setup();
    supervisor.start();
    await flush();
    spawner.last.exit(exited(1));
    await supervisor.restart();
    expect(spawner.children).toHaveLength(2);
    expect(clock.pending).toEqual([]);
    expect(supervisor.state).toBe('running');
  });

  it('restart() while stopping rejects, and the stop wins over a pending restart', async () => {
    const { spawner, supervisor } = setup();
    supervisor.start();
    await flush();
    const restarting = supervisor.restart();
    const stopping = supervisor.stop();
    await expect(supervisor.restart()).rejects.toBeInstanceOf(DaemonkitError);
    spawner.last.exit(signaled('SIGTERM'));
    await expect(restarting).rejects.toThrow(/stopping/);
    expect((await stopping).reason).toBe('requested');
    expect(spawner.children).toHaveLength(1);
  });

  it('waits for a surviving process group before deciding, signalling it and escalating to SIGKILL', async () => {
    const { clock, spawner, supervisor, names } = setup({ killTimeoutMs: 1000 });
    supervisor.start();
    await flush();
    const child = spawner.last;
    child.survivors = 1;
    child.exit(exited(1));
    expect(names()).toEqual(['spawn']);
    expect(child.signals).toEqual(['SIGTERM']);
    clock.advance(1000);
    expect(child.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(names()).toEqual(['spawn']);
    child.survivors = 0;
    clock.advance(100);
    expect(names()).toEqual(['spawn', 'exit', 'crash', 'backoff']);
  });

  it('start() twice throws; stop() on an idle supervisor stops it', async () => {
    const { supervisor, names } = setup();
    const idle = setup();
    expect((await idle.supervisor.stop()).reason).toBe('requested');
    expect(idle.names()).toEqual(['stop']);
    supervisor.start();
    await flush();
    expect(() => supervisor.start()).toThrow(/already called/);
    expect(names()).toEqual(['spawn']);
  });

  it('emits stop exactly once however often stop() is called', async () => {
    const { spawner, supervisor, names } = setup();
    supervisor.start();
    await flush();
    const a = supervisor.stop();
    const b = supervisor.stop();
    spawner.last.exit(signaled('SIGTERM'));
    expect(await a).toBe(await b);
    await supervisor.stop();
    expect(names().filter((n) => n === 'stop')).toHaveLength(1);
  });

  it('events() yields every event in order and ends after stop', async () => {
    const { clock, spawner, supervisor } = setup();
    const seen: string[] = [];
    const consumed = (async () => {
      for await (const event of supervisor.events()) seen.push(event.type);
    })();
    supervisor.start();
    await flush();
    spawner.last.exit(exited(1));
    clock.advance(100);
    void supervisor.stop();
    spawner.last.exit(signaled('SIGTERM'));
    await consumed;
    expect(seen).toEqual(['spawn', 'exit', 'crash', 'backoff', 'spawn', 'exit', 'stop']);
  });

  it('events(signal) ends when the signal aborts', async () => {
    const { supervisor } = setup();
    const controller = new AbortController();
    const iterator = supervisor.events(controller.signal);
    supervisor.start();
    await flush();
    controller.abort();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('pid and state follow the child', async () => {
    const { spawner, supervisor } = setup();
    expect(supervisor.state).toBe('idle');
    expect(supervisor.pid).toBeUndefined();
    supervisor.start();
    await flush();
    expect(supervisor.pid).toBe(100);
    spawner.last.exit(exited(1));
    expect(supervisor.pid).toBeUndefined();
    expect(supervisor.state).toBe('backoff');
  });
});
