import { afterEach, describe, expect, it, vi } from 'vitest';
import { exited, REAP_TIMEOUT_MS, restartPolicy, signaled, spawnFailed, SurvivorsError } from '@daemonkit/core';
import { expectInvariants, flush, harness } from './harness.js';

describe('ending a run: deadlines, reaping and processes that will not die', () => {
  it('stop({ timeoutMs }) brings SIGKILL forward while a crashed child\'s group is being reaped', async () => {
    const h = harness({ killTimeoutMs: 5000, policy: restartPolicy({ restart: 'always', backoff: 0 }) });
    h.supervisor.start();
    await flush();
    const child = h.spawner.last;
    child.survivors = 2;
    child.exit(exited(1));
    expect(child.signals).toEqual(['SIGTERM']);
    h.clock.advance(100);
    const stopping = h.supervisor.stop({ timeoutMs: 50 });
    h.clock.advance(49);
    expect(child.signals).toEqual(['SIGTERM']);
    h.clock.advance(1);
    expect(child.signals).toEqual(['SIGTERM', 'SIGKILL']);
    child.survivors = 0;
    h.clock.advance(20);
    const stop = await stopping;
    expect(stop.reason).toBe('requested');
    // It crashed before the stop was asked for: the crash is reported, and no restart follows.
    expect(h.names()).toEqual(['spawn', 'exit', 'crash', 'stop']);
    expect(stop.lastRun?.stopRequested).toBe(false);
    expect(h.clock.pending).toEqual([]);
    expectInvariants(h);
  });

  it('a later stop() never postpones SIGKILL, and sends its own signal when it differs', async () => {
    const h = harness({ killTimeoutMs: 1000 });
    h.supervisor.start();
    await flush();
    void h.supervisor.restart();
    h.clock.advance(500);
    void h.supervisor.stop({ timeoutMs: 5000 });
    h.clock.advance(500);
    expect(h.spawner.last.signals).toEqual(['SIGTERM', 'SIGKILL']);
    void h.supervisor.stop({ signal: 'SIGINT' });
    expect(h.spawner.last.signals).toEqual(['SIGTERM', 'SIGKILL']);
    const h2 = harness({ killTimeoutMs: 1000 });
    h2.supervisor.start();
    await flush();
    void h2.supervisor.restart();
    void h2.supervisor.stop({ signal: 'SIGINT' });
    expect(h2.spawner.last.log).toEqual(['signal:SIGTERM', 'signal:SIGINT']);
  });

  it('group members that outlive SIGKILL: after REAP_TIMEOUT_MS stop() rejects naming them, done resolves', async () => {
    const h = harness({ killTimeoutMs: 100 });
    h.supervisor.start();
    await flush();
    const child = h.spawner.last;
    const stopping = h.supervisor.stop();
    child.survivors = 1;
    child.exit(signaled('SIGTERM'));
    h.clock.advance(100);
    expect(child.signals).toEqual(['SIGTERM', 'SIGKILL']);
    h.clock.advance(REAP_TIMEOUT_MS - 1);
    expect(h.supervisor.state).toBe('stopping');
    h.clock.advance(1);
    const error = await stopping.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SurvivorsError);
    expect((error as SurvivorsError).message).toMatch(/^Process 10001 outlived SIGKILL by 5000 ms/);
    const done = await h.supervisor.done;
    expect(done.survivors).toEqual([10001]);
    const exit = h.events.find((e) => e.type === 'exit');
    expect(exit?.type === 'exit' && exit.payload.survivors).toEqual([10001]);
    expect(exit?.type === 'exit' && exit.payload.run.outcome).toEqual({ kind: 'signaled', signal: 'SIGTERM' });
  });

  it('a leader that outlives SIGKILL ends its run as killed by SIGKILL, with itself among the survivors; its late exit is ignored', async () => {
    const h = harness({ killTimeoutMs: 100 });
    h.supervisor.start();
    await flush();
    const child = h.spawner.last;
    const stopping = h.supervisor.stop();
    stopping.catch(() => {});
    h.clock.advance(100 + REAP_TIMEOUT_MS);
    const done = await h.supervisor.done;
    expect(done.survivors).toEqual([100]);
    expect(done.lastRun?.outcome).toEqual({ kind: 'signaled', signal: 'SIGKILL' });
    child.exit(signaled('SIGKILL'));
    await flush();
    expect(h.names()).toEqual(['spawn', 'exit', 'stop']);
  });

  it('a run whose spawn is still failing cannot be signalled: the stop waits for the failure report', async () => {
    const h = harness();
    h.spawner.failNext();
    h.supervisor.start();
    await flush();
    const stopping = h.supervisor.stop();
    expect(h.clock.pending).toEqual([]);
    h.spawner.last.exit(spawnFailed('ENOENT'));
    expect((await stopping).reason).toBe('requested');
    expect(h.names()).toEqual(['exit', 'stop']);
  });
});

describe('when a run ended', () => {
  it('is when the process exited, even when the spawner reports it late (waiting for piped output)', async () => {
    const h = harness({ policy: restartPolicy({ restart: 'never' }) });
    h.supervisor.start();
    await flush();
    h.clock.advance(1000);
    h.spawner.last.exit(exited(0), 200);
    const { lastRun } = await h.supervisor.done;
    expect(lastRun?.runtimeMs).toBe(800);
  });
});

describe('restartControl: parent', () => {
  it('holds a restart the policy decided until resume(), which announces the backoff and spawns', async () => {
    const h = harness({ restartControl: 'parent', policy: restartPolicy({ restart: 'always', backoff: 300 }) });
    h.supervisor.start();
    await flush();
    h.spawner.last.exit(exited(1));
    expect(h.supervisor.state).toBe('held');
    expect(h.clock.pending).toEqual([]);
    const held = h.events.find((e) => e.type === 'held');
    expect(held?.type === 'held' && [held.payload.delayMs, held.payload.attempt]).toEqual([300, 2]);
    h.supervisor.resume({ delayMs: 0 });
    await flush();
    expect(h.names()).toEqual(['spawn', 'exit', 'crash', 'held', 'backoff', 'spawn']);
    expect(h.supervisor.attempt).toBe(2);
    h.spawner.last.exit(exited(1));
    h.supervisor.resume();
    expect(h.clock.pending).toEqual([300]);
  });

  it('from held, halt() goes idle and a later start() carries the attempt numbers and the policy state on', async () => {
    const h = harness({
      restartControl: 'parent',
      policy: restartPolicy({ restart: 'always', backoff: 0, maxConsecutiveFailures: 3 }),
    });
    h.supervisor.start();
    await flush();
    h.spawner.last.exit(exited(1));
    await h.supervisor.halt();
    expect(h.supervisor.state).toBe('idle');
    h.supervisor.start();
    await flush();
    h.spawner.last.exit(exited(1));
    h.supervisor.restart();
    await flush();
    h.spawner.last.exit(exited(1));
    const stop = await h.supervisor.done;
    // The third failure in a row gives up: the count survived the halt.
    expect(stop.reason).toBe('giveup');
    expect(h.events.filter((e) => e.type === 'spawn').map((e) => e.type === 'spawn' && e.payload.attempt)).toEqual([1, 2, 3]);
    expectInvariants(h);
  });

  it('stop() from held stops at once; resume() outside held does nothing', async () => {
    const h = harness({ restartControl: 'parent' });
    h.supervisor.resume();
    h.supervisor.start();
    await flush();
    h.supervisor.resume();
    h.spawner.last.exit(exited(1));
    expect((await h.supervisor.stop()).reason).toBe('requested');
    expect(h.names()).toEqual(['spawn', 'exit', 'crash', 'held', 'stop']);
  });
});

describe('whenUp()', () => {
  it('resolves on spawn without readiness, on ready with it, and { up: false } when the run ends first', async () => {
    const plain = harness();
    const spawned = plain.supervisor.start().whenUp();
    await flush();
    expect(await spawned).toEqual({ up: true, pid: 100, attempt: 1 });
    expect(await plain.supervisor.whenUp()).toEqual({ up: true, pid: 100, attempt: 1 });

    const ready = harness({ readiness: { timeoutMs: 1000 } });
    ready.supervisor.start();
    const first = ready.supervisor.whenUp();
    await flush();
    let settled = false;
    void first.then(() => (settled = true));
    await flush();
    expect(settled).toBe(false);
    ready.spawner.last.exit(exited(1));
    expect(await first).toEqual({ up: false });
    const second = ready.supervisor.whenUp();
    await flush();
    ready.spawner.last.message({ daemonkit: 'ready' });
    expect(await second).toEqual({ up: true, pid: 101, attempt: 2 });
  });

  it('answers { up: false } at once when no run is coming', async () => {
    const h = harness();
    expect(await h.supervisor.whenUp()).toEqual({ up: false });
    await h.supervisor.stop();
    expect(await h.supervisor.whenUp()).toEqual({ up: false });
  });
});

describe('reports', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('a giveup nobody listens to is reported with process.emitWarning', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const h = harness({ policy: restartPolicy({ restart: 'always', maxConsecutiveFailures: 1 }) });
    for (const listener of h.supervisor.listeners('giveup')) h.supervisor.off('giveup', listener);
    h.supervisor.start();
    await flush();
    h.spawner.last.exit(exited(1));
    expect((await h.supervisor.done).reason).toBe('giveup');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/^Gave up on worker: /);
    expect(warn.mock.calls[0]?.[1]).toEqual({ type: 'DaemonkitWarning', code: 'DAEMONKIT_GIVEUP' });
  });

  it('a listened-to giveup is not also a warning', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const h = harness({ policy: restartPolicy({ restart: 'always', maxRestarts: 0 }) });
    h.supervisor.start();
    await flush();
    h.spawner.last.exit(exited(1));
    expect((await h.supervisor.done).reason).toBe('giveup');
    expect(warn).not.toHaveBeenCalled();
  });

  it('ENOENT for a command with a space suggests command plus args', async () => {
    const h = harness({ command: 'node server.js', args: ['--port', '80'], policy: restartPolicy({ restart: 'never' }) });
    h.spawner.failNext();
    h.supervisor.start();
    await flush();
    h.spawner.last.exit(spawnFailed('ENOENT', 'spawn node server.js ENOENT'));
    const { lastRun } = await h.supervisor.done;
    expect(lastRun?.outcome.kind === 'spawn-failed' && lastRun.outcome.message).toBe(
      'spawn node server.js ENOENT; the command "node server.js" contains a space, and commands are not run through a ' +
        'shell: use { command: "node", args: ["server.js","--port","80"] }',
    );
  });
});
