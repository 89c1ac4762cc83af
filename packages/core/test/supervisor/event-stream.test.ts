import { EventEmitter } from 'eventemitter3';
import { describe, expect, it } from 'vitest';
import { exited, restartPolicy } from '@daemonkit/core';
import { emitSafely } from '../../src/supervisor/emit-safely.js';
import { flush, harness } from './harness.js';

describe('events(): an async iterator with bounded memory', () => {
  it('gives each of several concurrent next() calls its own event, in order', async () => {
    const h = harness({ policy: restartPolicy({ restart: 'never' }) });
    const iterator = h.supervisor.events();
    const pending = [iterator.next(), iterator.next(), iterator.next(), iterator.next()];
    h.supervisor.start();
    await flush();
    h.spawner.last.exit(exited(0));
    const results = await Promise.all(pending);
    expect(results.map((r) => (r.done ? 'done' : r.value.type))).toEqual(['spawn', 'exit', 'stop', 'done']);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('drops the oldest events for a reader that never reads, says how many, and always delivers the final stop', async () => {
    const h = harness({ policy: restartPolicy({ restart: 'always', backoff: 0, maxRestarts: 9 }) });
    const iterator = h.supervisor.events({ maxBuffered: 5 });
    h.supervisor.start();
    await flush();
    for (let i = 0; i < 10; i++) {
      h.spawner.last.exit(exited(1));
      await flush();
    }
    // 10 runs: 10 spawns, 10 exits, 10 crashes, 9 backoffs, a giveup and the stop: 41 events, 5 kept.
    const seen: string[] = [];
    for await (const item of iterator) seen.push(item.type === 'dropped' ? `dropped ${item.payload.count}` : item.type);
    expect(seen).toEqual(['dropped 36', 'spawn', 'exit', 'crash', 'giveup', 'stop']);
  });

  it('a reader that keeps up loses nothing (given a buffer larger than the events of one step)', async () => {
    const h = harness({ policy: restartPolicy({ restart: 'always', backoff: 0, maxRestarts: 3 }) });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const item of h.supervisor.events({ maxBuffered: 6 })) seen.push(item.type);
    })();
    h.supervisor.start();
    for (let i = 0; i < 4; i++) {
      await flush();
      h.spawner.last.exit(exited(1));
    }
    await reading;
    expect(seen).not.toContain('dropped');
    expect(seen.at(-1)).toBe('stop');
    expect(seen.filter((t) => t === 'spawn')).toHaveLength(4);
  });

  it('ends at once for a stopped supervisor, and on abort', async () => {
    const h = harness();
    await h.supervisor.stop();
    expect(await h.supervisor.events().next()).toEqual({ value: undefined, done: true });
    const live = harness();
    const controller = new AbortController();
    const iterator = live.supervisor.events(controller.signal);
    const waiting = iterator.next();
    controller.abort();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(live.supervisor.listenerCount('spawn')).toBe(1); // only the harness's own recorder is left
  });
});

describe('emitSafely', () => {
  it('calls every listener with its context, removes once-listeners, and reports each throw after all ran', () => {
    const emitter = new EventEmitter();
    const calls: string[] = [];
    const context = { name: 'ctx' };
    emitter.on('x', function (this: typeof context, payload: unknown) {
      calls.push(`a ${this.name} ${String(payload)}`);
    }, context);
    emitter.once('x', () => {
      calls.push('b');
      throw new Error('b failed');
    });
    emitter.on('x', () => calls.push('c'));
    const errors: string[] = [];
    expect(emitSafely(emitter, 'x', 1, (e) => errors.push((e as Error).message))).toBe(true);
    expect(calls).toEqual(['a ctx 1', 'b', 'c']);
    expect(errors).toEqual(['b failed']);
    expect(emitter.listenerCount('x')).toBe(2);
    expect(emitSafely(emitter, 'nothing', 1, () => {})).toBe(false);
  });

  it('a single listener, and listeners removed during the emit, behave as in eventemitter3', () => {
    const emitter = new EventEmitter();
    const calls: string[] = [];
    const second = () => calls.push('second');
    emitter.once('one', () => calls.push('only'));
    emitSafely(emitter, 'one', undefined, () => {});
    emitSafely(emitter, 'one', undefined, () => {});
    expect(calls).toEqual(['only']);
    emitter.on('two', () => {
      calls.push('first');
      emitter.off('two', second);
    });
    emitter.on('two', second);
    emitSafely(emitter, 'two', undefined, () => {});
    emitSafely(emitter, 'two', undefined, () => {});
    expect(calls).toEqual(['only', 'first', 'second', 'first']);
  });
});
