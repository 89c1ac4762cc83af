import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RESTART_MODES,
  exited,
  lintPolicy,
  restartPolicy,
  signaled,
  simulate,
  spawnFailed,
  type ExitOutcome,
  type PolicyWarningCode,
  type RestartPolicyOptions,
  type SimulatedRun,
} from '@daemonkit/core';

// Options where the limits are small enough to matter, and runs of every kind.
const limitArb = fc.oneof(fc.constant(Number.POSITIVE_INFINITY), fc.nat({ max: 3 }));
const codesArb = fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 2 });
const lintableArb: fc.Arbitrary<RestartPolicyOptions> = fc.record(
  {
    restart: fc.constantFrom(...RESTART_MODES),
    successExitCodes: fc.constantFrom([0], [0, 2]),
    preventExitCodes: codesArb,
    forceExitCodes: codesArb,
    minUptimeMs: fc.constantFrom(0, 500),
    maxRestarts: limitArb,
    maxConsecutiveFailures: limitArb,
    maxSpawnFailures: limitArb,
    window: fc.record({ maxRestarts: limitArb, periodMs: fc.integer({ min: 1, max: 5000 }) }),
    backoff: fc.nat({ max: 1000 }),
  },
  { requiredKeys: [] },
);
const outcomeArb: fc.Arbitrary<ExitOutcome> = fc.oneof(
  fc.integer({ min: 0, max: 3 }).map(exited),
  fc.constantFrom('SIGTERM', 'SIGKILL').map(signaled),
  fc.constantFrom(spawnFailed('ENOENT'), spawnFailed('EAGAIN')),
);
const runsArb: fc.Arbitrary<SimulatedRun[]> = fc.array(fc.record({ outcome: outcomeArb, runtimeMs: fc.nat({ max: 3000 }) }), { maxLength: 20 });

describe('lintPolicy', () => {
  it.each<[string, RestartPolicyOptions, [PolicyWarningCode, string][]]>([
    ['the defaults are fine', {}, []],
    ['a typical policy is fine', { restart: 'always', preventExitCodes: [78], maxConsecutiveFailures: 5, window: { maxRestarts: 10, periodMs: 60_000 } }, []],
    ['backoff maxMs below initialMs', { backoff: { initialMs: 5000, maxMs: 1000 } }, [['backoff-max-below-initial', 'backoff.maxMs']]],
    ['minUptimeMs above resetAfterMs', { minUptimeMs: 60_000 }, [['min-uptime-above-reset', 'minUptimeMs']]],
    ['minUptimeMs equal to resetAfterMs is fine', { minUptimeMs: 30_000 }, []],
    ['resetAfterMs 0: the backoff never grows', { backoff: { resetAfterMs: 0 } }, [['backoff-never-grows', 'backoff.resetAfterMs']]],
    ['a prevent code that is also a success code', { restart: 'always', preventExitCodes: [0] }, [['prevent-code-is-success', 'preventExitCodes']]],
    ['a force code also in preventExitCodes: prevent wins', { preventExitCodes: [3], forceExitCodes: [3] }, [['force-code-prevented', 'forceExitCodes']]],
    ['a force code that restart always restarts anyway', { restart: 'always', forceExitCodes: [3] }, [['force-code-redundant', 'forceExitCodes']]],
    ['a force code that on-failure restarts anyway', { forceExitCodes: [1] }, [['force-code-redundant', 'forceExitCodes']]],
    ['a forced clean code under on-failure is useful', { forceExitCodes: [0] }, []],
    ['successExitCodes without 0', { successExitCodes: [2] }, [['success-codes-without-zero', 'successExitCodes']]],
    ['limits under restart never', { restart: 'never', maxRestarts: 3, backoff: 100 }, [['never-with-limits', 'maxRestarts']]],
    ['restart never with a force code may restart', { restart: 'never', forceExitCodes: [3], maxRestarts: 3 }, []],
    ['maxConsecutiveFailures beyond maxRestarts', { maxRestarts: 2, maxConsecutiveFailures: 5 }, [['consecutive-failures-shadowed', 'maxConsecutiveFailures']]],
    ['maxConsecutiveFailures reachable with maxRestarts', { maxRestarts: 4, maxConsecutiveFailures: 5 }, []],
    ['a window no smaller than maxRestarts', { maxRestarts: 5, window: { maxRestarts: 5, periodMs: 60_000 } }, [['window-shadowed', 'window.maxRestarts']]],
    ['a window a fixed delay makes unreachable', { backoff: 1000, window: { maxRestarts: 5, periodMs: 4000 } }, [['window-unreachable', 'window']]],
    ['one ms more and it is reachable', { backoff: 1000, window: { maxRestarts: 5, periodMs: 4001 } }, []],
    ['a window the growing backoff makes unreachable', { backoff: { initialMs: 1000, jitter: 0 }, window: { maxRestarts: 4, periodMs: 10_000 } }, [['window-unreachable', 'window']]],
    ['jitter can make it reachable again', { backoff: { initialMs: 1000, jitter: 0.5 }, window: { maxRestarts: 4, periodMs: 10_000 } }, []],
    ['a reset through a long run bounds the span', { backoff: { initialMs: 1000, jitter: 0, resetAfterMs: 5000 }, window: { maxRestarts: 4, periodMs: 10_000 } }, []],
    ['window maxRestarts 1 is always reachable', { backoff: 30_000, window: { maxRestarts: 1, periodMs: 1 } }, []],
    // A limit of 0, or maxConsecutiveFailures at most 1, where that leaves nothing (or no failure) to restart.
    ['maxRestarts 0 never restarts', { maxRestarts: 0 }, [['never-restarts', 'maxRestarts']]],
    ['maxRestarts 0 never restarts, whatever the mode', { restart: 'always', maxRestarts: 0, maxConsecutiveFailures: 5 }, [['never-restarts', 'maxRestarts']]],
    ['window.maxRestarts 0 never restarts', { window: { maxRestarts: 0, periodMs: 1000 } }, [['never-restarts', 'window.maxRestarts']]],
    ['maxConsecutiveFailures 1 under on-failure never restarts', { maxConsecutiveFailures: 1 }, [['never-restarts', 'maxConsecutiveFailures']]],
    ['maxConsecutiveFailures 0 gives up at the first failure too', { maxConsecutiveFailures: 0 }, [['never-restarts', 'maxConsecutiveFailures']]],
    ['under on-abnormal, only failures restart', { restart: 'on-abnormal', maxConsecutiveFailures: 1 }, [['never-restarts', 'maxConsecutiveFailures']]],
    ['under always, clean exits still restart', { restart: 'always', maxConsecutiveFailures: 1 }, [['gives-up-at-first-failure', 'maxConsecutiveFailures']]],
    ['a forced clean code still restarts under on-failure', { forceExitCodes: [0], maxConsecutiveFailures: 1 }, [['gives-up-at-first-failure', 'maxConsecutiveFailures']]],
    ['under on-success a failure stops before any limit', { restart: 'on-success', maxConsecutiveFailures: 1 }, []],
    ['under on-success a forced failure code meets the limit', { restart: 'on-success', forceExitCodes: [3], maxConsecutiveFailures: 1 }, [['gives-up-at-first-failure', 'maxConsecutiveFailures']]],
    ['maxConsecutiveFailures 2 restarts once after a failure', { maxConsecutiveFailures: 2 }, []],
    ['restart never: never-with-limits says it, not never-restarts', { restart: 'never', maxRestarts: 0 }, [['never-with-limits', 'maxRestarts']]],
    // maxSpawnFailures: checked when set to something else than the default.
    ['the default maxSpawnFailures is never reported', { maxConsecutiveFailures: 2 }, []],
    ['nor next to a maxRestarts it cannot reach', { maxRestarts: 1 }, []],
    ['maxSpawnFailures under a mode that never restarts a spawn failure', { restart: 'on-abnormal', maxSpawnFailures: 5 }, [['max-spawn-failures-unreachable', 'maxSpawnFailures']]],
    ['maxSpawnFailures above maxConsecutiveFailures', { maxConsecutiveFailures: 4, maxSpawnFailures: 5 }, [['max-spawn-failures-unreachable', 'maxSpawnFailures']]],
    ['maxSpawnFailures equal to maxConsecutiveFailures is reached first', { maxConsecutiveFailures: 5, maxSpawnFailures: 5 }, []],
    ['maxSpawnFailures beyond maxRestarts', { maxRestarts: 3, maxSpawnFailures: 5 }, [['max-spawn-failures-unreachable', 'maxSpawnFailures']]],
    ['maxSpawnFailures just reachable with maxRestarts', { maxRestarts: 4, maxSpawnFailures: 5 }, []],
    ['maxSpawnFailures 1 under on-abnormal turns the stop into a giveup', { restart: 'on-abnormal', maxSpawnFailures: 1 }, []],
    ['maxSpawnFailures under restart never', { restart: 'never', maxSpawnFailures: 5 }, [['never-with-limits', 'maxSpawnFailures']]],
    ['maxSpawnFailures 1 under restart never turns the stop into a giveup', { restart: 'never', maxSpawnFailures: 1 }, []],
  ])('%s', (_name, options, expected) => {
    expect(lintPolicy(options).map((w) => [w.code, w.option])).toEqual(expected);
  });

  it('words its warnings with the numbers', () => {
    expect(lintPolicy({ backoff: 1000, window: { maxRestarts: 5, periodMs: 4000 } })[0]?.message).toBe(
      'window { maxRestarts: 5, periodMs: 4000 } can never be reached: with this backoff, 5 restarts in a row span at least 4000 ms, never under 4000 ms',
    );
    expect(lintPolicy({ preventExitCodes: [3], forceExitCodes: [3] })[0]?.message).toBe(
      'exit code 3 is in both forceExitCodes and preventExitCodes: preventExitCodes wins, it is never restarted',
    );
  });

  it('words the never-restarts warnings precisely', () => {
    expect(lintPolicy({ maxRestarts: 0 })[0]?.message).toBe(
      'maxRestarts is 0: every exit that would be restarted gives up instead, so the command is never restarted',
    );
    expect(lintPolicy({ maxConsecutiveFailures: 1 })[0]?.message).toBe(
      "maxConsecutiveFailures 1 gives up at the first failure, and restart 'on-failure' restarts nothing but failures: the command is never restarted",
    );
    expect(lintPolicy({ restart: 'always', maxConsecutiveFailures: 1 })[0]?.message).toBe(
      'maxConsecutiveFailures 1 gives up at the first failure: a failed run is never restarted, only clean exits are',
    );
  });

  // The warnings are claims about every possible run: check them against simulate().
  it('never-restarts: no run sequence gets a restart; gives-up-at-first-failure: no failed run is restarted', () => {
    fc.assert(
      fc.property(lintableArb, runsArb, (options, runs) => {
        const codes = lintPolicy(options).map((w) => w.code);
        const restarts = simulate(restartPolicy(options), runs).filter((s) => s.decision.action === 'restart');
        if (codes.includes('never-restarts')) expect(restarts).toEqual([]);
        if (codes.includes('gives-up-at-first-failure')) expect(restarts.filter((s) => s.decision.failure)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('max-spawn-failures-unreachable: no run sequence gives up on maxSpawnFailures', () => {
    const spawnArb = fc.record({ maxSpawnFailures: fc.integer({ min: 2, max: 6 }) });
    const spawnRunsArb = fc.array(
      fc.record({ outcome: fc.constantFrom(spawnFailed('ENOENT'), spawnFailed('EAGAIN'), exited(1), exited(0)), runtimeMs: fc.nat({ max: 100 }) }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(lintableArb, spawnArb, spawnRunsArb, (options, spawn, runs) => {
        const withSpawn = { ...options, ...spawn };
        if (!lintPolicy(withSpawn).some((w) => w.code === 'max-spawn-failures-unreachable')) return;
        const steps = simulate(restartPolicy(withSpawn), runs);
        expect(steps.some((s) => s.decision.reason.includes('maxSpawnFailures'))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('lints a restartPolicy() as the options it was made from', () => {
    fc.assert(
      fc.property(lintableArb, (options) => {
        expect(lintPolicy(restartPolicy(options))).toEqual(lintPolicy(options));
      }),
    );
  });

  it('returns invalid options as a warning instead of throwing', () => {
    expect(lintPolicy({ maxRestarts: -1 })).toEqual([
      { code: 'invalid-option', option: 'maxRestarts', message: 'restartPolicy(): expected `maxRestarts` to be a non-negative integer or Infinity, got `-1` (number)' },
    ]);
    expect(() => lintPolicy(5 as never)).not.toThrow();
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expect(Array.isArray(lintPolicy(input as RestartPolicyOptions))).toBe(true);
      }),
    );
  });

  // The unreachable-window warning is a proof, not a guess: when it is given, no run sequence gives up on the window.
  it('warns of an unreachable window only when simulate() cannot reach it', () => {
    const optionsArb = fc.record({
      backoff: fc.oneof(
        fc.nat({ max: 3000 }),
        fc.record({
          initialMs: fc.nat({ max: 2000 }),
          factor: fc.constantFrom(1, 1.5, 2),
          maxMs: fc.nat({ max: 20_000 }),
          jitter: fc.constantFrom(0, 0.1, 0.5),
          resetAfterMs: fc.nat({ max: 20_000 }),
        }),
      ),
      window: fc.record({ maxRestarts: fc.integer({ min: 1, max: 8 }), periodMs: fc.integer({ min: 1, max: 20_000 }) }),
    });
    const runtimesArb = fc.array(fc.oneof(fc.constant(0), fc.nat({ max: 25_000 })), { maxLength: 40 });
    fc.assert(
      fc.property(optionsArb, runtimesArb, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (o, runtimes, random) => {
        const options: RestartPolicyOptions = { restart: 'always', ...o };
        if (!lintPolicy(options).some((w) => w.code === 'window-unreachable')) return;
        const steps = simulate(restartPolicy(options), runtimes.map((ms) => ({ outcome: exited(1), runtimeMs: ms })), { random: () => random });
        expect(steps.some((s) => s.decision.action === 'stop' && s.decision.reason.includes('window.maxRestarts'))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
