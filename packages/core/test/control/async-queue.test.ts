import { describe, expect, it } from 'vitest';
import { AsyncQueue } from '../../src/control/async-queue.js';

describe('AsyncQueue', () => {
  it('keeps the newest items for a reader that fell behind, and says how many it dropped in their place', async () => {
    const queue = new AsyncQueue<string>(3, (count) => `dropped ${count}`);
    for (const item of ['a', 'b', 'c', 'd', 'e']) queue.push(item);
    queue.end();
    const got: string[] = [];
    for await (const item of queue.iterate(() => {})) got.push(item);
    expect(got).toEqual(['dropped 2', 'c', 'd', 'e']);
  });

  it('hands items straight to waiting readers, in order, and ends them', async () => {
    const queue = new AsyncQueue<number>(1, () => -1);
    const iterator = queue.iterate(() => {});
    const first = iterator.next();
    const second = iterator.next();
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect([await first, await second]).toEqual([{ value: 1, done: false }, { value: 2, done: false }]);
    queue.end(new Error('closed'));
    expect(await iterator.next()).toEqual({ value: 3, done: false });
    await expect(iterator.next()).rejects.toThrow('closed');
  });
});
