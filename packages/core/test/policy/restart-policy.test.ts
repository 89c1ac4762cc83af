import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_SPAWN_FAILURES,
  PERMANENT_SPAWN_ERRORS,
  RESTART_MODES,
  classifyExit,
  exited,
  modeRestarts,
  restartPolicy,
  signaled,
  simulate,
  spawnFailed,
  type Decision,
  type ExitOutcome,
  type RestartPolicyOptions,
  type RestartPolicyState,
  type SimulatedRun,
  type SimulatedStep,
} from '@daemonkit/core';

const run = (outcome: ExitOutcome, runtimeMs = 60_000, stopRequested = false): SimulatedRun => ({ outcome, runtimeMs, stopRequested });
const times = (n: number, r: SimulatedRun): SimulatedRun[] => Array.from({ length: n }, () => r);
// 'restart' | 'stop' | 'giveup' for each step: the shape of a whole simulation at a glance.
const actions = (steps: readonly SimulatedStep[]) =>
  steps.map(({ decision: d }) => (d.action === 'restart' ? 'restart' : d.giveup ? 'giveup' : 'stop'));
const last = (steps: readonly SimulatedStep[]): Decision => {
  const step = steps.at(-1);
  if (!step) throw new Error('no steps');
  return step.decision;
};
const R = 'restart';

describe('precedence: requested stop > maxSpawnFailures > preventExitCodes > forceExitCodes > restart mode > limits > delay', () => {
  it.each<[string, RestartPolicyOptions, SimulatedRun[], Partial<Decision> & { action: Decision['action'] }, string]>([
    ['requested stop beats forceExitCodes', { restart: 'always', forceExitCodes: [1] }, [run(exited(1), 10, true)], { action: 'stop', giveup: false, failure: false }, 'stop requested'],
    ['requested stop beats preventExitCodes', { preventExitCodes: [1] }, [run(exited(1), 10, true)], { action: 'stop', giveup: false, failure: false }, 'stop requested'],
    ['a code in both prevent and force stops', { restart: 'always', preventExitCodes: [3], forceExitCodes: [3] }, [run(exited(3))], { action: 'stop', giveup: false, failure: true }, 'exit code 3 is in preventExitCodes'],
    ['prevent beats restart=always', { restart: 'always', preventExitCodes: [0] }, [run(exited(0))], { action: 'stop', giveup: false, failure: false }, 'preventExitCodes'],
    ['prevent beats an exhausted limit (no giveup)', { preventExitCodes: [1], maxRestarts: 0 }, [run(exited(1))], { action: 'stop', giveup: false }, 'preventExitCodes'],
    ['force restarts under never', { restart: 'never', forceExitCodes: [3] }, [run(exited(3))], { action: 'restart', failure: true }, 'exit code 3 is in forceExitCodes'],
    ['force restarts a clean exit under on-failure', { forceExitCodes: [0] }, [run(exited(0))], { action: 'restart', failure: false }, 'forceExitCodes'],
    ['force still obeys maxRestarts', { restart: 'never', forceExitCodes: [3], maxRestarts: 1 }, [run(exited(3)), run(exited(3))], { action: 'stop', giveup: true }, 'maxRestarts 1'],
    ['restart mode beats an exhausted limit (no giveup)', { restart: 'on-failure', maxRestarts: 0 }, [run(exited(0))], { action: 'stop', giveup: false, failure: false }, "restart 'on-failure' does not restart a clean exit"],
    ['limits beat the delay', { maxRestarts: 0 }, [run(exited(1))], { action: 'stop', giveup: true, failure: true }, 'maxRestarts 0'],
    ['requested stop beats maxSpawnFailures', { maxSpawnFailures: 1 }, [run(spawnFailed('ENOENT'), 0, true)], { action: 'stop', giveup: false, failure: false }, 'stop requested'],
    ['maxSpawnFailures beats restart never (a giveup, not a stop)', { restart: 'never', maxSpawnFailures: 1 }, [run(spawnFailed('ENOENT'), 0)], { action: 'stop', giveup: true, failure: true }, 'ENOENT does not fix itself'],
    ['maxSpawnFailures beats maxConsecutiveFailures at the same count', { maxConsecutiveFailures: 3 }, times(3, run(spawnFailed('ENOENT'), 0)), { action: 'stop', giveup: true }, 'maxSpawnFailures 3'],
    ['maxSpawnFailures beats maxRestarts', { maxRestarts: 2 }, times(3, run(spawnFailed('EACCES'), 0)), { action: 'stop', giveup: true }, 'maxSpawnFailures 3'],
    ['a signal is never matched by exit code lists', { restart: 'never', forceExitCodes: [9, 137] }, [run(signaled('SIGKILL'))], { action: 'stop', giveup: false }, "restart 'never' does not restart an unclean signal"],
  ])('%s', (_name, options, runs, expected, reason) => {
    const decision = last(simulate(restartPolicy(options), runs));
    expect(decision).toMatchObject(expected);
    expect(decision.reason).toContain(reason);
  });
});

describe('minUptimeMs', () => {
  it.each<[string, RestartPolicyOptions, SimulatedRun, Decision['action'], boolean]>([
    ['a short clean exit is a failure and restarts under on-failure', { minUptimeMs: 5000 }, run(exited(0), 1200), 'restart', true],
    ['runtime == minUptimeMs is not short', { minUptimeMs: 5000 }, run(exited(0), 5000), 'stop', false],
    ['runtime one ms under is short', { minUptimeMs: 5000 }, run(exited(0), 4999), 'restart', true],
    ['a short clean signal is a failure too', { minUptimeMs: 5000 }, run(signaled('SIGTERM'), 100), 'restart', true],
    ['a short clean exit is no success for on-success', { restart: 'on-success', minUptimeMs: 5000 }, run(exited(0), 100), 'stop', true],
    ['it counts as an unclean code, not a signal, for on-abnormal', { restart: 'on-abnormal', minUptimeMs: 5000 }, run(signaled('SIGTERM'), 100), 'stop', true],
    ['an unclean exit stays a failure however long', { minUptimeMs: 5000 }, run(exited(1), 60_000), 'restart', true],
  ])('%s', (_name, options, input, action, failure) => {
    expect(last(simulate(restartPolicy(options), [input]))).toMatchObject({ action, failure });
  });

  it('says so in the reason', () => {
    const decision = last(simulate(restartPolicy({ minUptimeMs: 2000 }), [run(exited(0), 120)]));
    expect(decision.reason).toBe('exited with code 0 after 120 ms (under minUptimeMs 2000 ms)');
  });

  it('measures uptime since ready when the run has one (readiness on), not the whole runtime', () => {
    const notUpLongEnough = { outcome: exited(0), runtimeMs: 60_000, uptimeMs: 1000 };
    expect(last(simulate(restartPolicy({ minUptimeMs: 5000 }), [notUpLongEnough]))).toMatchObject({ action: R, failure: true });
    const upLongEnough = { outcome: exited(0), runtimeMs: 6000, uptimeMs: 5000 };
    expect(last(simulate(restartPolicy({ minUptimeMs: 5000 }), [upLongEnough]))).toMatchObject({ action: 'stop', failure: false });
  });

  it('resets the backoff only after resetAfterMs of uptime since ready', () => {
    const policy = restartPolicy({ restart: 'always', backoff: { initialMs: 100, factor: 2, jitter: 0, resetAfterMs: 10_000 } });
    const slowStartShortUp = { outcome: exited(1), runtimeMs: 60_000, uptimeMs: 500 };
    const delays = simulate(policy, times(3, slowStartShortUp)).map((s) => s.decision.action === 'restart' && s.decision.delayMs);
    expect(delays).toEqual([100, 200, 400]);
  });

  it('short clean exits count towards maxConsecutiveFailures', () => {
    const steps = simulate(restartPolicy({ minUptimeMs: 1000, maxConsecutiveFailures: 2 }), times(5, run(exited(0), 10)));
    expect(actions(steps)).toEqual([R, 'giveup']);
  });
});

describe('limits', () => {
  it.each([0, 1, 3, 7])('maxRestarts %i: that many restarts, then giveup', (n) => {
    const steps = simulate(restartPolicy({ restart: 'always', maxRestarts: n }), times(n + 5, run(exited(0))));
    expect(actions(steps)).toEqual([...Array<string>(n).fill(R), 'giveup']);
    expect(last(steps)).toMatchObject({ failure: false, reason: expect.stringContaining(`${n} restart${n === 1 ? '' : 's'} already (maxRestarts ${n})`) });
  });

  it('maxRestarts counts successes and failures alike', () => {
    const runs = [run(exited(0)), run(exited(1)), run(signaled('SIGKILL')), run(exited(0))];
    expect(actions(simulate(restartPolicy({ restart: 'always', maxRestarts: 3 }), runs))).toEqual([R, R, R, 'giveup']);
  });

  it.each<[number, number[], string[]]>([
    [0, [0, 0, 1], [R, R, 'giveup']],
    [1, [1], ['giveup']],
    [3, [1, 1, 1, 1], [R, R, 'giveup']],
    [3, [1, 1, 0, 1, 1, 0, 1, 1, 1], [R, R, R, R, R, R, R, R, 'giveup']],
    [2, [0, 1, 0, 1, 0, 1, 1], [R, R, R, R, R, R, 'giveup']],
  ])('maxConsecutiveFailures %i over exit codes %j', (max, codes, expected) => {
    const steps = simulate(restartPolicy({ restart: 'always', maxConsecutiveFailures: max }), codes.map((c) => run(exited(c))));
    expect(actions(steps)).toEqual(expected);
    expect(last(steps)).toMatchObject({ failure: true, reason: expect.stringContaining(`${Math.max(max, 1)} consecutive failure${max > 1 ? 's' : ''} (maxConsecutiveFailures ${max})`) });
  });

  it('spawn failures and unclean signals count as consecutive failures', () => {
    const runs = [run(spawnFailed('ENOENT'), 0), run(signaled('SIGSEGV')), run(exited(2))];
    expect(actions(simulate(restartPolicy({ maxConsecutiveFailures: 3 }), runs))).toEqual([R, R, 'giveup']);
  });

  const win = (maxRestarts: number, periodMs = 1000): RestartPolicyOptions => ({ restart: 'always', backoff: 0, window: { maxRestarts, periodMs } });
  it.each<[string, RestartPolicyOptions, number[], string[]]>([
    // With backoff 0, runs end every `runtime` ms, so the runtimes are the spacing of the restarts.
    ['a burst gives up on the (maxRestarts+1)th restart', win(2), [100, 100, 100, 100], [R, R, 'giveup']],
    ['window.maxRestarts 0 gives up on the first', win(0), [100], ['giveup']],
    ['restarts spaced exactly the period never give up', win(2), Array<number>(20).fill(1000), Array<string>(20).fill(R)],
    ['restarts spaced wider than the period never give up', win(1), Array<number>(20).fill(1001), Array<string>(20).fill(R)],
    ['the 1st and 3rd restart exactly a period apart: no giveup', win(2), [500, 500, 500], [R, R, R]],
    ['the 1st and 3rd restart one ms inside the period: giveup', win(2), [500, 499, 500], [R, R, 'giveup']],
    ['the window slides: a pause clears it', win(2), [100, 100, 5000, 100, 100], [R, R, R, R, 'giveup']],
    ['an unlimited window never gives up', win(Number.POSITIVE_INFINITY), Array<number>(30).fill(1), Array<string>(30).fill(R)],
  ])('window: %s', (_name, options, runtimes, expected) => {
    expect(actions(simulate(restartPolicy(options), runtimes.map((ms) => run(exited(0), ms))))).toEqual(expected);
  });

  it('the window reason names the count and the period', () => {
    const steps = simulate(restartPolicy(win(2, 60_000)), times(3, run(exited(1), 50)));
    expect(last(steps)).toMatchObject({ giveup: true, failure: true, reason: expect.stringContaining('2 restarts within 60 s (window.maxRestarts 2)') });
  });
});

describe('backoff', () => {
  const backoff = { initialMs: 100, factor: 2, maxMs: 10_000, jitter: 0, resetAfterMs: 5000 };
  it.each<[string, number[], number[]]>([
    ['grows while runs are short', [100, 100, 100, 100], [100, 200, 400, 800]],
    ['resets after resetAfterMs of uptime', [100, 100, 100, 5000, 100], [100, 200, 400, 100, 200]],
    ['does not reset one ms short of it', [100, 100, 100, 4999], [100, 200, 400, 800]],
    ['is capped at maxMs', Array<number>(10).fill(1), [100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000]],
  ])('%s', (_name, runtimes, delays) => {
    const steps = simulate(restartPolicy({ restart: 'always', backoff }), runtimes.map((ms) => run(exited(1), ms)));
    expect(steps.map((s) => (s.decision.action === 'restart' ? s.decision.delayMs : -1))).toEqual(delays);
  });

  it('a fixed delay never grows', () => {
    const steps = simulate(restartPolicy({ backoff: 250 }), times(6, run(exited(1), 1)));
    expect(steps.map((s) => (s.decision.action === 'restart' ? s.decision.delayMs : -1))).toEqual(Array<number>(6).fill(250));
  });
});

// A command that cannot be found or run does not fix itself: `new Supervisor({ command: 'node server.js' })` retried
// ENOENT forever. Transient failures (a process or descriptor limit, memory) are retried as before.
describe('maxSpawnFailures: permanent spawn failures give up', () => {
  const fail = (code: string) => run(spawnFailed(code, `spawn node server.js ${code}`), 0);
  const ok = run(exited(1), 50);
  it.each<[string, RestartPolicyOptions, SimulatedRun[], string[]]>([
    ['ENOENT: the third in a row gives up (the default 3)', {}, times(10, fail('ENOENT')), [R, R, 'giveup']],
    ['whatever restart says: always', { restart: 'always' }, times(10, fail('ENOENT')), [R, R, 'giveup']],
    ['whatever the other limits say', { maxConsecutiveFailures: Number.POSITIVE_INFINITY, maxRestarts: Number.POSITIVE_INFINITY }, times(10, fail('ENOEXEC')), [R, R, 'giveup']],
    ['maxSpawnFailures 1 gives up at the first', { maxSpawnFailures: 1 }, times(3, fail('ENOENT')), ['giveup']],
    ['maxSpawnFailures 0 too', { maxSpawnFailures: 0 }, times(3, fail('ENOENT')), ['giveup']],
    ['Infinity retries them as before', { maxSpawnFailures: Number.POSITIVE_INFINITY }, times(20, fail('ENOENT')), Array<string>(20).fill(R)],
    ['a run that did spawn starts the count over', {}, [fail('ENOENT'), fail('ENOENT'), ok, fail('ENOENT'), fail('ENOENT'), fail('ENOENT')], [R, R, R, R, R, 'giveup']],
    ['a transient failure starts the count over', {}, [fail('ENOENT'), fail('ENOENT'), fail('EAGAIN'), fail('ENOENT'), fail('ENOENT'), fail('ENOENT')], [R, R, R, R, R, 'giveup']],
    ['different permanent codes count together', {}, [fail('ENOENT'), fail('EACCES'), fail('ENOTDIR')], [R, R, 'giveup']],
    ['EAGAIN is transient: retried forever', {}, times(20, fail('EAGAIN')), Array<string>(20).fill(R)],
    ['EMFILE, ENFILE, ENOMEM are transient', {}, [fail('EMFILE'), fail('ENFILE'), fail('ENOMEM'), fail('EMFILE'), fail('ENFILE'), fail('ENOMEM')], Array<string>(6).fill(R)],
    ['an unknown code is transient', {}, times(6, fail('ESPAWN')), Array<string>(6).fill(R)],
    ["restart 'never' stops at the first, without a giveup", { restart: 'never' }, times(3, fail('ENOENT')), ['stop']],
  ])('%s', (_name, options, runs, expected) => {
    expect(actions(simulate(restartPolicy(options), runs))).toEqual(expected);
  });

  it.each(PERMANENT_SPAWN_ERRORS)('%s is permanent', (code) => {
    expect(actions(simulate(restartPolicy({ maxSpawnFailures: 1 }), [fail(code)]))).toEqual(['giveup']);
  });

  it('PERMANENT_SPAWN_ERRORS lists the codes that do not fix themselves, frozen; the default is 3', () => {
    expect([...PERMANENT_SPAWN_ERRORS].sort()).toEqual(['E2BIG', 'EACCES', 'EISDIR', 'ELOOP', 'ENAMETOOLONG', 'ENOENT', 'ENOEXEC', 'ENOTDIR', 'EPERM']);
    expect(Object.isFrozen(PERMANENT_SPAWN_ERRORS)).toBe(true);
    expect(DEFAULT_MAX_SPAWN_FAILURES).toBe(3);
    expect(restartPolicy().options.maxSpawnFailures).toBe(3);
  });

  it('names the code and says it does not fix itself', () => {
    const steps = simulate(restartPolicy({ backoff: 0 }), times(3, fail('ENOENT')));
    expect(last(steps)).toEqual({
      action: 'stop',
      failure: true,
      giveup: true,
      reason: 'ENOENT does not fix itself: 3 permanent spawn failures in a row (maxSpawnFailures 3); last run could not be spawned (spawn node server.js ENOENT)',
    });
  });

  it('backs off between the tries as for any failure', () => {
    const steps = simulate(restartPolicy({ backoff: { initialMs: 100, jitter: 0 } }), times(3, fail('ENOENT')));
    expect(steps.map((s) => (s.decision.action === 'restart' ? s.decision.delayMs : s.decision.action))).toEqual([100, 200, 'stop']);
  });

  it('keeps the count in its state', () => {
    const policy = restartPolicy();
    const record = { attempt: 1, startedAt: 0, endedAt: 0, runtimeMs: 0, outcome: spawnFailed('ENOENT'), stopRequested: false };
    expect(policy.decide(policy.initialState(), record, { random: () => 0 }).state.spawnFailures).toBe(1);
  });
});

describe('reasons', () => {
  it.each<[SimulatedRun, string]>([
    [run(exited(1), 120), 'exited with code 1 after 120 ms'],
    [run(signaled('SIGKILL'), 1500), 'was killed by SIGKILL after 1500 ms'],
    [run(spawnFailed('ENOENT', 'spawn nope ENOENT'), 0), 'could not be spawned (spawn nope ENOENT)'],
  ])('a restart reason describes the exit: %j', (input, reason) => {
    expect(last(simulate(restartPolicy(), [input]))).toMatchObject({ action: 'restart', reason });
  });
});

// Random options and runs for the properties.
const codes = fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 3 });
const limit = fc.oneof(fc.constant(Number.POSITIVE_INFINITY), fc.nat({ max: 6 }));
const optionsArb = fc.record(
  {
    restart: fc.constantFrom(...RESTART_MODES),
    successExitCodes: fc.constantFrom([0], [0, 2]),
    preventExitCodes: codes,
    forceExitCodes: codes,
    minUptimeMs: fc.constantFrom(0, 500, 2000),
    maxRestarts: limit,
    maxConsecutiveFailures: limit,
    maxSpawnFailures: limit,
    window: fc.record({ maxRestarts: limit, periodMs: fc.integer({ min: 1, max: 5000 }) }),
    backoff: fc.oneof(
      fc.nat({ max: 3000 }),
      fc.record({ initialMs: fc.nat({ max: 1000 }), factor: fc.double({ min: 1, max: 3, noNaN: true }), maxMs: fc.nat({ max: 20_000 }), jitter: fc.double({ min: 0, max: 1, noNaN: true }), resetAfterMs: fc.nat({ max: 5000 }) }),
    ),
  },
  { requiredKeys: ['restart'] },
);
const outcomeArb: fc.Arbitrary<ExitOutcome> = fc.oneof(
  fc.integer({ min: 0, max: 4 }).map(exited),
  fc.constantFrom('SIGTERM', 'SIGHUP', 'SIGKILL', 'SIGSEGV').map(signaled),
  fc.constantFrom(spawnFailed('ENOENT'), spawnFailed('EACCES'), spawnFailed('EAGAIN')),
);
const runArb: fc.Arbitrary<SimulatedRun> = fc.record({
  outcome: outcomeArb,
  runtimeMs: fc.oneof(fc.nat({ max: 3000 }), fc.nat({ max: 100_000 })),
  stopRequested: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});
const runsArb = fc.array(runArb, { maxLength: 30 });
const randomArb = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
};

describe('restartPolicy properties', () => {
  it('never restarts after a preventExitCodes exit, nor a run whose stop was requested', () => {
    fc.assert(
      fc.property(optionsArb, runsArb, (options, runs) => {
        for (const { run: r, decision } of simulate(restartPolicy(options), runs)) {
          if (r.stopRequested) expect(decision).toEqual({ action: 'stop', failure: false, giveup: false, reason: 'stop requested' });
          if (r.outcome.kind === 'exited' && options.preventExitCodes?.includes(r.outcome.code)) expect(decision).toMatchObject({ action: 'stop', giveup: false });
        }
      }),
    );
  });

  it('gives up exactly when a restart is wanted and a finite limit is reached', () => {
    fc.assert(
      fc.property(optionsArb, runsArb, randomArb, (options, runs, random) => {
        const o = restartPolicy(options).options;
        let restarts = 0;
        let failures = 0;
        let spawnFailures = 0;
        let recent: number[] = [];
        for (const { run: r, decision } of simulate(restartPolicy(options), runs, { random: () => random })) {
          if (r.stopRequested) continue;
          const permanent = r.outcome.kind === 'spawn-failed' && PERMANENT_SPAWN_ERRORS.includes(r.outcome.code);
          spawnFailures = permanent ? spawnFailures + 1 : 0;
          if (permanent && spawnFailures >= o.maxSpawnFailures) {
            // Before every other rule: a giveup, whatever the mode.
            expect(decision).toMatchObject({ action: 'stop', giveup: true, failure: true });
            break;
          }
          const short = r.runtimeMs < o.minUptimeMs;
          const cls = classifyExit(r.outcome, o.successExitCodes);
          const exitClass = short && cls === 'clean' ? 'unclean-code' : cls;
          const code = r.outcome.kind === 'exited' ? r.outcome.code : -1;
          const wanted = !o.preventExitCodes.includes(code) && (o.forceExitCodes.includes(code) || modeRestarts(o.restart, exitClass));
          failures = exitClass === 'clean' ? 0 : failures + 1;
          recent = recent.filter((t) => r.endedAt - t < (o.window?.periodMs ?? 0));
          const limitReached =
            (exitClass !== 'clean' && failures >= o.maxConsecutiveFailures) ||
            restarts >= o.maxRestarts ||
            (o.window !== undefined && recent.length >= o.window.maxRestarts);
          expect(decision.failure).toBe(exitClass !== 'clean');
          expect(decision.action).toBe(wanted && !limitReached ? 'restart' : 'stop');
          if (decision.action === 'stop') expect(decision.giveup).toBe(wanted && limitReached);
          restarts += 1;
          // restartPolicy counts a restart when it happens, after its delay (as OTP does), not when the run ended.
          recent.push(r.endedAt + (decision.action === 'restart' ? decision.delayMs : 0));
        }
      }),
    );
  });

  it('never gives up without a finite limit', () => {
    fc.assert(
      fc.property(optionsArb, runsArb, (options, runs) => {
        const unlimited = { ...options, maxRestarts: Number.POSITIVE_INFINITY, maxConsecutiveFailures: Number.POSITIVE_INFINITY, maxSpawnFailures: Number.POSITIVE_INFINITY };
        delete unlimited.window;
        expect(simulate(restartPolicy(unlimited), runs).some((s) => s.decision.action === 'stop' && s.decision.giveup)).toBe(false);
      }),
    );
  });

  it('never delays a restart beyond the backoff maxMs (or the fixed delay)', () => {
    fc.assert(
      fc.property(optionsArb, runsArb, randomArb, (options, runs, random) => {
        const { backoff } = restartPolicy(options).options;
        const max = typeof backoff === 'number' ? backoff : backoff.maxMs;
        for (const { decision } of simulate(restartPolicy(options), runs, { random: () => random })) {
          if (decision.action === 'restart') expect(decision.delayMs).toBeGreaterThanOrEqual(0);
          if (decision.action === 'restart') expect(decision.delayMs).toBeLessThanOrEqual(max);
        }
      }),
    );
  });

  it('never mutates the state or the run it is given', () => {
    fc.assert(
      fc.property(optionsArb, runsArb, randomArb, (options, runs, random) => {
        const policy = restartPolicy(options);
        let state: RestartPolicyState = deepFreeze(policy.initialState());
        for (const [i, input] of runs.entries()) {
          const before = structuredClone(state);
          const record = deepFreeze({ attempt: i + 1, startedAt: i * 100_000, endedAt: i * 100_000 + input.runtimeMs, runtimeMs: input.runtimeMs, outcome: input.outcome, stopRequested: input.stopRequested ?? false });
          const step = policy.decide(state, record, { random: () => random });
          expect(state).toEqual(before);
          state = deepFreeze(step.state);
        }
      }),
    );
  });
});
