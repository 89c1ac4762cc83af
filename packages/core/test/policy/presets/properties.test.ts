import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exited, explainPolicy, presets, signaled, simulate, spawnFailed, type ExitOutcome, type Policy, type SimulatedRun } from '@daemonkit/core';

// Every preset, with settings that make it restart, give up and back off.
const PRESETS: ReadonlyArray<[string, () => Policy<any>]> = [
  ['systemd', () => presets.systemd({ restart: 'always', restartSteps: 3, restartMaxDelaySec: 2, successExitStatus: ['SIGKILL'] })],
  ['supervisord', () => presets.supervisord({ autorestart: true, startretries: 2 })],
  ['pm2', () => presets.pm2({ maxRestarts: 4, expBackoffRestartDelay: 100, stopExitCodes: [3] })],
  ['forever', () => presets.forever({ max: 20, minUptime: 500, spinSleepTime: 100 })],
  ['respawn', () => presets.respawn({ maxRestarts: 5, sleep: (n) => n * 10 })],
  ['otp', () => presets.otp({ restart: 'transient', intensity: 3, period: 2 })],
  ['kubernetes', () => presets.kubernetes({ restartPolicy: 'OnFailure' })],
  ['xdaemon', () => presets.xdaemon({ maxError: 2, minExitTime: 1 })],
];

const outcomeArb: fc.Arbitrary<ExitOutcome> = fc.oneof(
  fc.integer({ min: 0, max: 4 }).map(exited),
  fc.constantFrom('SIGTERM', 'SIGKILL', 'SIGSEGV').map(signaled),
  fc.constant(spawnFailed('ENOENT')),
);
const runsArb = fc.array(
  fc.record({
    outcome: outcomeArb,
    runtimeMs: fc.oneof(fc.nat({ max: 2000 }), fc.nat({ max: 700_000 })),
    stopRequested: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  }),
  { maxLength: 30 },
);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe.each(PRESETS)('presets.%s properties', (_name, make) => {
  it('restarts only after a finite, non-negative delay, and a requested stop always stops without a giveup', () => {
    fc.assert(
      fc.property(runsArb, (runs: SimulatedRun[]) => {
        for (const { run, decision } of simulate(make(), runs)) {
          if (decision.action === 'restart') expect(Number.isFinite(decision.delayMs) && decision.delayMs >= 0).toBe(true);
          if (run.stopRequested) expect(decision).toEqual({ action: 'stop', failure: false, giveup: false, reason: 'stop requested' });
        }
      }),
    );
  });

  it('is deterministic and never mutates its state or the run', () => {
    fc.assert(
      fc.property(runsArb, (runs: SimulatedRun[]) => {
        const policy = make();
        let state = deepFreeze(policy.initialState());
        let at = 0;
        for (const input of runs) {
          const record = deepFreeze({ attempt: 1, startedAt: at, endedAt: at + input.runtimeMs, runtimeMs: input.runtimeMs, outcome: input.outcome, stopRequested: input.stopRequested ?? false });
          const before = structuredClone(state);
          const step = policy.decide(state, record, { random: () => 0.5 });
          expect(policy.decide(state, record, { random: () => 0.5 })).toEqual(step);
          expect(state).toEqual(before);
          if (step.decision.action === 'stop') break;
          state = deepFreeze(step.state);
          at = record.endedAt + step.decision.delayMs;
        }
      }),
    );
  });

  it('explains itself', () => {
    expect(explainPolicy(make())).not.toMatch(/^custom policy/);
  });
});

// Purity (no clock, timer, randomness, process or package imports) is checked on the import graph:
// test/architecture/purity.test.ts.
