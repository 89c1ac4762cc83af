import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exited,
  signaled,
  simulate,
  spawnFailed,
  xdaemonPolicy,
  type Decision,
  type SimulatedRun,
  type SimulatedStep,
  type XdaemonPolicyOptions,
} from '@daemonkit/core';

const LONG = 60_000;
const SHORT = 1000;
const ok = (runtimeMs = LONG): SimulatedRun => ({ outcome: exited(0), runtimeMs });
const fail = (runtimeMs = SHORT): SimulatedRun => ({ outcome: exited(1), runtimeMs });
const noSpawn: SimulatedRun = { outcome: spawnFailed('ENOENT'), runtimeMs: 0 };
const times = (n: number, r: SimulatedRun): SimulatedRun[] => Array.from({ length: n }, () => r);
const actions = (steps: readonly SimulatedStep[]) =>
  steps.map(({ decision: d }) => (d.action === 'restart' ? 'restart' : d.giveup ? 'giveup' : 'complete'));
const last = (steps: readonly SimulatedStep[]): Decision => {
  const step = steps.at(-1);
  if (!step) throw new Error('no steps');
  return step.decision;
};
const R = 'restart';

describe('xdaemonPolicy, xdaemon\'s Daemon.Run loop', () => {
  it('defaults to NewDaemon\'s values: MaxCount 0, MaxError 3, MinExitTime 10', () => {
    expect(xdaemonPolicy().options).toEqual({ maxCount: 0, maxError: 3, minExitTime: 10 });
  });

  it.each<[string, XdaemonPolicyOptions, SimulatedRun[], string[]]>([
    ['maxCount 2: exactly 2 runs, then complete', { maxCount: 2 }, times(5, ok()), [R, 'complete']],
    ['maxCount 1: one run only', { maxCount: 1 }, times(5, ok()), ['complete']],
    ['maxCount 0 is unlimited', { maxCount: 0 }, times(50, ok()), Array<string>(50).fill(R)],
    ['maxError 3, every run failing: the 4th gives up', { maxError: 3 }, times(10, fail()), [R, R, R, 'giveup']],
    ['maxError 0: the first failure gives up', { maxError: 0 }, times(3, fail()), ['giveup']],
    ['a long run resets errNum', { maxError: 1 }, [fail(), ok(), fail(), fail()], [R, R, R, 'giveup']],
    ['spawn failures count as failures', { maxError: 2 }, times(5, noSpawn), [R, R, 'giveup']],
    ['spawn failures count as failures even with minExitTime 0', { maxError: 1, minExitTime: 0 }, times(5, noSpawn), [R, 'giveup']],
    ['spawn failures count as runs for maxCount', { maxCount: 3 }, [noSpawn, noSpawn, ok(), ok()], [R, R, 'complete']],
    ['the errNum check comes before the maxCount check', { maxCount: 2, maxError: 0 }, [ok(), fail()], [R, 'giveup']],
    ['the maxCount-th run past maxError gives up, not completes', { maxCount: 4, maxError: 3 }, times(4, fail()), [R, R, R, 'giveup']],
    ['the maxCount-th run within maxError completes', { maxCount: 3, maxError: 3 }, times(4, fail()), [R, R, 'complete']],
    ['the exit code does not matter: a long exit 1 is no failure', { maxError: 0 }, [fail(LONG), { outcome: signaled('SIGKILL'), runtimeMs: LONG }, ok()], [R, R, R]],
    ['nor does a short exit 0 pass', { maxError: 0 }, [ok(SHORT)], ['giveup']],
  ])('%s', (_name, options, runs, expected) => {
    expect(actions(simulate(xdaemonPolicy(options), runs))).toEqual(expected);
  });

  it.each<[number, number, boolean]>([
    // minExitTime in seconds, runtime in ms, failure
    [10, 9999, true],
    [10, 10_000, false],
    [10, 10_001, false],
    [1, 999, true],
    [1, 1000, false],
    [0.5, 499, true],
    [0.5, 500, false],
    [0, 0, false],
  ])('minExitTime %d s, runtime %i ms: failure=%s', (minExitTime, runtimeMs, failure) => {
    const steps = simulate(xdaemonPolicy({ minExitTime, maxError: 0 }), [{ outcome: exited(0), runtimeMs }]);
    expect(last(steps)).toMatchObject(failure ? { action: 'stop', giveup: true, failure: true } : { action: 'restart', failure: false });
  });

  it('completing is a stop without giveup; its reason names the count', () => {
    const decision = last(simulate(xdaemonPolicy({ maxCount: 2 }), times(2, ok())));
    expect(decision).toEqual({ action: 'stop', failure: false, giveup: false, reason: '2 runs (maxCount 2); last run exited with code 0 after 60 s' });
  });

  it('giving up is a failed stop with giveup; its reason names errNum and maxError', () => {
    const decision = last(simulate(xdaemonPolicy({ maxError: 3 }), times(4, fail(120))));
    expect(decision).toEqual({
      action: 'stop',
      failure: true,
      giveup: true,
      reason: '4 failures in a row (maxError 3); last run exited with code 1 after 120 ms',
    });
  });

  it('a requested stop is a plain stop, even past the limits', () => {
    const steps = simulate(xdaemonPolicy({ maxError: 0 }), [{ outcome: exited(1), runtimeMs: 5, stopRequested: true }]);
    expect(last(steps)).toEqual({ action: 'stop', failure: false, giveup: false, reason: 'stop requested' });
  });
});

// A faithful transcription of xdaemon's Daemon.Run loop, with runs supplied instead of processes.
// Runtimes are whole seconds, as xdaemon measures them: that keeps its second rounding out of the comparison.
interface XdaemonRun {
  readonly spawnError: boolean;
  readonly seconds: number;
  readonly code: number;
}
function xdaemonRun(d: { MaxCount: number; MaxError: number; MinExitTime: number }, runs: readonly XdaemonRun[]) {
  let count = 1;
  let errNum = 0;
  let i = 0;
  for (;;) {
    if (errNum > d.MaxError) return { runs: i, exit: 1 }; // os.Exit(1)
    if (d.MaxCount > 0 && count > d.MaxCount) return { runs: i, exit: 0 }; // os.Exit(0)
    count++;
    const r = runs[i];
    if (r === undefined) return { runs: i, exit: 'still running' };
    i++;
    if (r.spawnError) {
      errNum++;
      continue;
    }
    if (r.seconds < d.MinExitTime) errNum++;
    else errNum = 0;
  }
}

const xdaemonRunArb = fc.record({
  spawnError: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  seconds: fc.nat({ max: 15 }),
  code: fc.integer({ min: 0, max: 3 }),
});
const daemonArb = fc.record({ MaxCount: fc.nat({ max: 8 }), MaxError: fc.nat({ max: 5 }), MinExitTime: fc.nat({ max: 12 }) });

describe("xdaemonPolicy against xdaemon's loop", () => {
  it('makes the same number of runs and ends with the same exit', () => {
    fc.assert(
      fc.property(daemonArb, fc.array(xdaemonRunArb, { maxLength: 40 }), (d, runs) => {
        const expected = xdaemonRun(d, runs);
        const steps = simulate(
          xdaemonPolicy({ maxCount: d.MaxCount, maxError: d.MaxError, minExitTime: d.MinExitTime }),
          runs.map((r) => (r.spawnError ? noSpawn : { outcome: exited(r.code), runtimeMs: r.seconds * 1000 })),
        );
        const end = steps.at(-1)?.decision;
        const exit = end?.action === 'stop' ? (end.giveup ? 1 : 0) : 'still running';
        expect({ runs: steps.length, exit }).toEqual(expected);
      }),
    );
  });

  it('always restarts at once', () => {
    fc.assert(
      fc.property(daemonArb, fc.array(xdaemonRunArb, { maxLength: 40 }), (d, runs) => {
        const steps = simulate(
          xdaemonPolicy({ maxCount: d.MaxCount, maxError: d.MaxError, minExitTime: d.MinExitTime }),
          runs.map((r) => ({ outcome: r.spawnError ? spawnFailed('EACCES') : exited(r.code), runtimeMs: r.seconds * 1000 })),
          { random: () => 0.99 },
        );
        for (const { decision } of steps) if (decision.action === 'restart') expect(decision.delayMs).toBe(0);
      }),
    );
  });
});
