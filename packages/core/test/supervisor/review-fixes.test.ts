import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exited, InvalidOptionsError, REAP_TIMEOUT_MS, restartPolicy, signaled, SurvivorsError } from '@daemonkit/core';
import { expectInvariants, flush, harness } from './harness.js';

// Cases found in review of the state machine: each was a bug, each test failed before its fix.

describe('signals and pids', () => {
  it('pid is undefined once the process exited, while the group it left is reaped; signal() reaches the process only while it lives', async () => {
    const h = harness({ killTimeoutMs: 1000 });
    h.supervisor.start();
    await flush();
    const child = h.spawner.last;
    h.supervisor.signal('SIGHUP');
    expect(child.log).toEqual(['process:SIGHUP']);
    child.survivors = 1;
    child.exit(exited(1));
    expect(h.supervisor.state).toBe('running');
    expect(h.supervisor.pid).toBeUndefined();
    h.supervisor.signal('SIGUSR1');
    expect(child.log).toEqual(['process:SIGHUP', 'signal:SIGTERM']);
    expect(() => h.supervisor.signal('SIGNOPE' as NodeJS.Signals)).toThrow(InvalidOptionsError);
  });
});

describe('restart() promises', () => {
  it('a restart asked for before the first spawn is refused by a halt, not left pending', async () => {
    const h = harness();
    const restarting = h.supervisor.restart();
    await h.supervisor.halt();
    await expect(restarting).rejects.toThrow('Cannot restart: the supervisor is halting');
    expect(h.supervisor.state).toBe('idle');
  });

  it('a restart whose new run was still to come is refused by a halt from a backoff listener', async () => {
    const h = harness();
    h.supervisor.start();
    await flush();
    const restarting = h.supervisor.restart();
    h.supervisor.once('backoff', () => void h.supervisor.halt());
    h.spawner.last.exit(signaled('SIGTERM'));
    await expect(restarting).rejects.toThrow('halting');
    expect(h.supervisor.state).toBe('idle');
    expect(h.spawner.children).toHaveLength(1);
  });

  it('restart() from idle with a log that cannot be opened throws at once and leaves nothing pending', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daemonkit-review-'));
    try {
      const h = harness({ logFile: dir });
      expect(() => h.supervisor.restart()).toThrow(/Cannot open logFile/);
      await h.supervisor.stop();
      expect(h.names()).toEqual(['stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('restart() while a crashed child\'s group is reaped: the crash is reported and counts, then the restart happens', async () => {
    const h = harness({ killTimeoutMs: 1000, policy: restartPolicy({ restart: 'always', backoff: 500, maxConsecutiveFailures: 2 }) });
    h.supervisor.start();
    await flush();
    h.spawner.last.survivors = 1;
    h.spawner.last.exit(exited(1));
    const restarting = h.supervisor.restart();
    h.spawner.last.survivors = 0;
    h.clock.advance(20);
    await restarting;
    expect(h.names()).toEqual(['spawn', 'exit', 'crash', 'backoff', 'spawn']);
    const backoff = h.events.find((e) => e.type === 'backoff');
    expect(backoff?.type === 'backoff' && backoff.payload).toEqual({ delayMs: 0, attempt: 2, reason: 'restart requested' });
    // The second failure in a row gives up, even with a restart asked for: the limits are the policy's.
    h.spawner.last.survivors = 1;
    h.spawner.last.exit(exited(1));
    const refused = h.supervisor.restart();
    h.spawner.last.survivors = 0;
    h.clock.advance(20);
    await expect(refused).rejects.toThrow('stopped');
    expect((await h.supervisor.done).reason).toBe('giveup');
    expectInvariants(h);
  });
});

describe('deadlines', () => {
  it('an exit reported late moves the run\'s end back, not the SIGKILL deadline of a later stop', async () => {
    const h = harness({ killTimeoutMs: 1000 });
    h.supervisor.start();
    await flush();
    const child = h.spawner.last;
    child.survivors = 1;
    child.exit(exited(1), 200);
    h.clock.advance(100);
    void h.supervisor.stop({ timeoutMs: 750 });
    h.clock.advance(749);
    expect(child.signals).toEqual(['SIGTERM']);
    h.clock.advance(1);
    expect(child.signals).toEqual(['SIGTERM', 'SIGKILL']);
  });

  it('waits longer than a platform timer allows are taken in steps', async () => {
    const day = 24 * 3600_000;
    const h = harness({ policy: restartPolicy({ restart: 'always', backoff: 30 * day }) });
    h.supervisor.start();
    await flush();
    h.spawner.last.exit(exited(1));
    h.clock.advance(2 ** 31 - 1);
    expect(h.spawner.children).toHaveLength(1);
    h.clock.advance(30 * day - (2 ** 31 - 1));
    expect(h.spawner.children).toHaveLength(2);
  });

  it('health checks stop when the process exits, not when its group is gone', async () => {
    const h = harness({ killTimeoutMs: 1000, watchdog: { timeoutMs: 300 } });
    h.supervisor.start();
    await flush();
    expect(h.clock.pending).toEqual([300]);
    h.spawner.last.survivors = 1;
    h.spawner.last.exit(exited(1));
    // The kill deadline and the group probe; no watchdog any more.
    expect(h.clock.pending).toEqual([20, 1000]);
  });
});

describe('whenUp() and halt()', () => {
  it('whenUp() from an exit listener waits for the next run', async () => {
    const h = harness({ readiness: { timeoutMs: 1000 }, policy: restartPolicy({ restart: 'always', backoff: 100 }) });
    let next: Promise<unknown> | undefined;
    h.supervisor.once('exit', () => (next = h.supervisor.whenUp()));
    h.supervisor.start();
    await flush();
    h.spawner.last.exit(exited(1));
    let settled = false;
    void next!.then(() => (settled = true));
    await flush();
    expect(settled).toBe(false);
    h.clock.advance(100);
    h.spawner.last.message({ daemonkit: 'ready' });
    expect(await next).toEqual({ up: true, pid: 101, attempt: 2 });
  });

  it('halt() rejects with the survivors when processes outlive SIGKILL; the supervisor is idle', async () => {
    const h = harness({ killTimeoutMs: 100 });
    h.supervisor.start();
    await flush();
    const halting = h.supervisor.halt();
    h.clock.advance(100 + REAP_TIMEOUT_MS);
    const error = await halting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SurvivorsError);
    expect((error as SurvivorsError).survivors).toEqual([100]);
    expect(h.supervisor.state).toBe('idle');
  });
});

describe('bad arguments throw at once, naming the option', () => {
  it.each([
    ['stop', { timeoutMs: Number.NaN }, 'stop(): expected `timeoutMs` to be a non-negative finite number of milliseconds, got `NaN` (number)'],
    ['stop', { signal: 'SIGNOPE' }, "stop(): expected `signal` to be a signal name such as 'SIGTERM', got `\"SIGNOPE\"` (string)"],
    ['halt', { timeoutMs: -1 }, 'halt(): expected `timeoutMs` to be a non-negative finite number of milliseconds, got `-1` (number)'],
  ] as const)('%s(%j)', (method, options, message) => {
    const h = harness();
    expect(() => h.supervisor[method](options as never)).toThrow(message);
  });

  it('events({ maxBuffered }) must be a positive integer', () => {
    const h = harness();
    expect(() => h.supervisor.events({ maxBuffered: Number.NaN })).toThrow('events(): expected `maxBuffered` to be a positive integer, got `NaN` (number)');
  });
});

describe('a seam that throws', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('does not cut the step short: the rest of its effects happen, and the error is re-thrown on the next tick', async () => {
    const h = harness({ killTimeoutMs: 1000 });
    const thrown: unknown[] = [];
    h.supervisor.start();
    await flush();
    h.spawner.last.signal = () => {
      throw new Error('spawner broke');
    };
    vi.spyOn(process, 'nextTick').mockImplementation(((fn: () => void) => {
      try {
        fn();
      } catch (error) {
        thrown.push(error);
      }
    }) as typeof process.nextTick);
    void h.supervisor.stop();
    vi.restoreAllMocks();
    expect(thrown.map((e) => (e as Error).message)).toEqual(['spawner broke']);
    // The SIGKILL deadline, set after the signal that threw, is there all the same.
    expect(h.clock.pending).toEqual([1000]);
    expect(h.supervisor.state).toBe('stopping');
  });
});
