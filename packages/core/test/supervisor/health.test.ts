import { describe, expect, it } from 'vitest';
import { restartPolicy, signaled, Supervisor, type SupervisorOptions } from '@daemonkit/core';
import { FakeClock, FakeSpawner } from './fakes.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const MiB = 1024 * 1024;
const beat = (rss: number) => ({ daemonkit: 'heartbeat', memory: { rss, heapUsed: rss / 2 } });

async function setup(options: Partial<SupervisorOptions>) {
  const clock = new FakeClock();
  const spawner = new FakeSpawner();
  const supervisor = new Supervisor({
    command: 'worker',
    clock,
    spawner,
    killTimeoutMs: 1000,
    policy: restartPolicy({ restart: 'never' }),
    ...options,
  });
  supervisor.start();
  await flush();
  return { clock, spawner, supervisor, child: spawner.last };
}

describe('Supervisor health checks (fake spawner and clock)', () => {
  it('opens an IPC channel and marks the child as supervised only when a health option or ipc is set', async () => {
    const plain = await setup({});
    expect(plain.child.spec.ipc).toBe(false);
    expect(plain.child.spec.env.DAEMONKIT_SUPERVISED).toBeUndefined();
    const watched = await setup({ watchdog: { timeoutMs: 100 } });
    expect(watched.child.spec.ipc).toBe(true);
    // The value is how often heartbeat() may send: a quarter of the watchdog timeout, at most 1 s.
    expect(watched.child.spec.env.DAEMONKIT_SUPERVISED).toBe('25');
    const memory = await setup({ maxMemoryBytes: 1e9 });
    expect(memory.child.spec.env.DAEMONKIT_SUPERVISED).toBe('1000');
  });

  it('stops a worker not ready in time: shutdown message first, then the kill signal, SIGKILL after the timeout', async () => {
    const { clock, child, supervisor } = await setup({ readiness: { timeoutMs: 500 } });
    clock.advance(499);
    expect(child.log).toEqual([]);
    clock.advance(1);
    expect(child.log).toEqual(['message:{"daemonkit":"shutdown"}', 'signal:SIGTERM']);
    clock.advance(1000);
    expect(child.log.at(-1)).toBe('signal:SIGKILL');
    child.exit(signaled('SIGKILL'));
    const { lastRun } = await supervisor.done;
    expect(lastRun?.outcome).toEqual({ kind: 'ready-timeout', timeoutMs: 500, exit: { kind: 'signaled', signal: 'SIGKILL' } });
    expect(lastRun?.uptimeMs).toBe(0);
  });

  it('emits ready once, then arms the watchdog, which each heartbeat re-arms', async () => {
    const { clock, child, supervisor } = await setup({ readiness: { timeoutMs: 500 }, watchdog: { timeoutMs: 200 } });
    const ready: number[] = [];
    supervisor.on('ready', ({ afterMs }) => ready.push(afterMs));
    clock.advance(120);
    child.message({ daemonkit: 'ready' });
    child.message({ daemonkit: 'ready' });
    expect(ready).toEqual([120]);
    for (let i = 0; i < 5; i++) {
      clock.advance(150);
      child.message(beat(10 * MiB));
    }
    expect(child.signals).toEqual([]);
    clock.advance(200);
    expect(child.signals).toEqual(['SIGTERM']);
    child.exit(signaled('SIGTERM'));
    const { lastRun } = await supervisor.done;
    expect(lastRun?.outcome.kind).toBe('watchdog');
    expect(lastRun?.readyAt).toBe(1_000_120);
    expect(lastRun?.uptimeMs).toBe(150 * 5 + 200);
  });

  it('ignores messages that are not from the worker API', async () => {
    const { clock, child, supervisor } = await setup({ watchdog: { timeoutMs: 100 } });
    const beats: unknown[] = [];
    supervisor.on('heartbeat', (e) => beats.push(e));
    child.message({ type: 'app-message' });
    child.message({ daemonkit: 'heartbeat' });
    child.message('ready');
    expect(beats).toEqual([]);
    clock.advance(100);
    expect(child.signals).toEqual(['SIGTERM']);
    child.exit(signaled('SIGTERM'));
  });

  it('restarts gracefully on a heartbeat over maxMemoryBytes, and the run says by how much', async () => {
    const { child, supervisor } = await setup({ maxMemoryBytes: 100 * MiB });
    child.message(beat(99 * MiB));
    expect(child.signals).toEqual([]);
    child.message(beat(101 * MiB));
    expect(child.log).toEqual(['message:{"daemonkit":"shutdown"}', 'signal:SIGTERM']);
    child.exit(signaled('SIGTERM'));
    const { lastRun } = await supervisor.done;
    expect(lastRun?.outcome).toEqual({
      kind: 'memory-limit',
      rssBytes: 101 * MiB,
      limitBytes: 100 * MiB,
      exit: { kind: 'signaled', signal: 'SIGTERM' },
    });
  });

  it('a requested stop wins over a later health verdict', async () => {
    const { clock, child, supervisor } = await setup({ readiness: { timeoutMs: 500 } });
    const stopping = supervisor.stop();
    clock.advance(600);
    expect(child.signals).toEqual(['SIGTERM']);
    child.exit(signaled('SIGTERM'));
    const { lastRun, reason } = await stopping;
    expect(reason).toBe('requested');
    expect(lastRun?.outcome).toEqual({ kind: 'signaled', signal: 'SIGTERM' });
  });
});
