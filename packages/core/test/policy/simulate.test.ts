import { describe, expect, it } from 'vitest';
import {
  exited,
  restartPolicy,
  simulate,
  spawnFailed,
  xdaemonPolicy,
  type Policy,
  type RunRecord,
  type SimulatedRun,
} from '@daemonkit/core';

const crash = (runtimeMs: number): SimulatedRun => ({ outcome: exited(1), runtimeMs });
const delays = (steps: ReturnType<typeof simulate>) =>
  steps.map(({ decision: d }) => (d.action === 'restart' ? d.delayMs : null));

// A policy that records what it was given and restarts with fixed delays, to look at simulate() alone.
function recording(delayMs: readonly number[]) {
  const seen: Array<{ state: number; run: RunRecord; random: number }> = [];
  const policy: Policy<number> = {
    name: 'recording',
    initialState: () => 100,
    decide: (state, run, context) => {
      seen.push({ state, run, random: context.random() });
      const delay = delayMs[run.attempt - 1];
      return delay === undefined
        ? { state: state + 1, decision: { action: 'stop', failure: false, giveup: false, reason: 'done' } }
        : { state: state + 1, decision: { action: 'restart', delayMs: delay, failure: true, reason: 'again' } };
    },
  };
  return { policy, seen };
}

describe('simulate', () => {
  it('numbers attempts from 1 and chains times through the delays', () => {
    const { policy } = recording([250, 0, 1000]);
    const steps = simulate(policy, [crash(100), crash(200), crash(300), crash(5)], { startAt: 1000 });
    expect(steps.map(({ run }) => [run.attempt, run.startedAt, run.endedAt, run.runtimeMs])).toEqual([
      [1, 1000, 1100, 100],
      [2, 1350, 1550, 200],
      [3, 1550, 1850, 300],
      [4, 2850, 2855, 5],
    ]);
  });

  it('starts at 0 by default and defaults stopRequested to false', () => {
    const { policy } = recording([10]);
    const [first, second] = simulate(policy, [crash(40), { outcome: exited(0), runtimeMs: 1, stopRequested: true }]);
    expect(first?.run).toEqual({ attempt: 1, startedAt: 0, endedAt: 40, runtimeMs: 40, outcome: exited(1), stopRequested: false });
    expect(second?.run).toMatchObject({ attempt: 2, startedAt: 50, stopRequested: true });
  });

  it('threads the policy state from one decision to the next, starting from initialState()', () => {
    const { policy, seen } = recording([0, 0, 0]);
    simulate(policy, [crash(1), crash(1), crash(1)]);
    expect(seen.map((s) => s.state)).toEqual([100, 101, 102]);
  });

  it('stops at the first stop and pulls no further run', () => {
    const pulled: number[] = [];
    function* endless(): Generator<SimulatedRun> {
      for (let i = 1; ; i++) {
        pulled.push(i);
        if (i > 10) throw new Error('simulate() pulled a run past the stop');
        yield crash(10);
      }
    }
    const steps = simulate(restartPolicy({ maxRestarts: 2 }), endless());
    expect(steps).toHaveLength(3);
    expect(steps.at(-1)?.decision).toMatchObject({ action: 'stop', giveup: true });
    expect(pulled).toEqual([1, 2, 3]);
  });

  it('returns one step per run when nothing stops, and none for no runs', () => {
    expect(simulate(restartPolicy({ restart: 'always' }), [crash(1), crash(1)])).toHaveLength(2);
    expect(simulate(xdaemonPolicy(), [])).toEqual([]);
  });

  it('ends early with the policy: xdaemon maxCount 2 of 5 runs', () => {
    const runs = Array.from({ length: 5 }, () => ({ outcome: exited(0), runtimeMs: 60_000 }));
    expect(simulate(xdaemonPolicy({ maxCount: 2 }), runs).map((s) => s.run.attempt)).toEqual([1, 2]);
  });

  it('passes the random source through to the policy', () => {
    const values = [0.25, 0.5, 0.75];
    const { policy, seen } = recording([0, 0, 0]);
    simulate(policy, [crash(1), crash(1), crash(1)], { random: () => values[seen.length] ?? -1 });
    expect(seen.map((s) => s.random)).toEqual(values);
  });

  it('jitter follows the random source', () => {
    const runs = [crash(10), crash(10), crash(10)];
    // DEFAULT_BACKOFF: 100, 200, 400 ms with 10 % jitter; random 0.5 takes 5 % off, random 0.999 almost 10 %.
    expect(delays(simulate(restartPolicy(), runs, { random: () => 0.5 }))).toEqual([95, 190, 380]);
    expect(delays(simulate(restartPolicy(), runs, { random: () => 0.999 }))).toEqual([90, 180, 360]);
  });

  it('the default random gives un-jittered delays, the documented maxima', () => {
    const runs = [crash(10), crash(10), crash(10), crash(10)];
    expect(delays(simulate(restartPolicy(), runs))).toEqual([100, 200, 400, 800]);
    const steps = simulate(restartPolicy({ backoff: { initialMs: 1000, jitter: 1 } }), runs);
    expect(delays(steps)).toEqual([1000, 2000, 4000, 8000]);
    expect(steps.map((s) => s.run.startedAt)).toEqual([0, 1010, 3020, 7030]);
  });

  it('a spawn failure runs for the runtime it is given', () => {
    const [step] = simulate(restartPolicy(), [{ outcome: spawnFailed('ENOENT'), runtimeMs: 0 }], { startAt: 42 });
    expect(step?.run).toMatchObject({ startedAt: 42, endedAt: 42, runtimeMs: 0, outcome: { kind: 'spawn-failed', code: 'ENOENT' } });
    expect(step?.decision).toMatchObject({ action: 'restart', delayMs: 100, failure: true });
  });
});
