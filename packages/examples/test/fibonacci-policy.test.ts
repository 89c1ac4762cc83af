// Unit-testing a policy with simulate(): no process is spawned, no timer runs.
import { describe, expect, it } from 'vitest';
import { exited, signaled, simulate } from '@daemonkit/core';
import { fibonacciPolicy } from '../src/fibonacci-policy.js';

const policy = fibonacciPolicy({ unitMs: 100, maxFailures: 6, healthyAfterMs: 10_000 });
const crash = { outcome: exited(1), runtimeMs: 50 };

describe('fibonacciPolicy', () => {
  it('waits along the Fibonacci sequence and gives up at the sixth failure in a row', () => {
    const steps = simulate(policy, Array(10).fill(crash));
    expect(steps.map((s) => (s.decision.action === 'restart' ? s.decision.delayMs : 'stop'))).toEqual([
      100, 100, 200, 300, 500, 'stop',
    ]);
    expect(steps.at(-1)?.decision).toMatchObject({ action: 'stop', giveup: true });
  });

  it('starts over after a healthy run', () => {
    const steps = simulate(policy, [crash, crash, crash, { outcome: signaled('SIGKILL'), runtimeMs: 60_000 }, crash]);
    expect(steps.map((s) => s.decision.action === 'restart' && s.decision.delayMs)).toEqual([100, 100, 200, 100, 100]);
  });

  it('stops without a failure when the worker exits 0', () => {
    const [step] = simulate(policy, [{ outcome: exited(0), runtimeMs: 5 }]);
    expect(step?.decision).toMatchObject({ action: 'stop', failure: false, giveup: false });
  });
});
