import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exited, lintPolicy, presets, restartPolicy, signaled, simulate, spawnFailed, xdaemonPolicy, type ExitOutcome, type Policy, type PolicyWarningCode } from '@daemonkit/core';

// lintPolicy(preset) checks the preset's own options: settings that can never take effect with the others, or that
// stop restarts where people do not expect it. Each row is a claim about the peer's rules as the preset implements
// them; the never-restarts rows are checked against simulate() below.
const ROWS: ReadonlyArray<[string, Policy<any>, [PolicyWarningCode, string][]]> = [
  ['pm2 defaults', presets.pm2(), []],
  ['pm2 maxRestarts 0', presets.pm2({ maxRestarts: 0 }), [['gives-up-at-first-short-run', 'maxRestarts']]],
  ['pm2 maxRestarts 1', presets.pm2({ maxRestarts: 1 }), [['gives-up-at-first-short-run', 'maxRestarts']]],
  ['pm2 maxRestarts 2', presets.pm2({ maxRestarts: 2 }), []],
  ['pm2 restartDelay beside expBackoffRestartDelay', presets.pm2({ restartDelay: 5000, expBackoffRestartDelay: 100 }), [['no-effect', 'restartDelay']]],
  ['pm2 autorestart false with delays and codes', presets.pm2({ autorestart: false, restartDelay: 100, stopExitCodes: [0] }), [['no-effect', 'restartDelay']]],
  ['pm2 autorestart false with minUptime (it still decides failures)', presets.pm2({ autorestart: false, minUptime: 5000 }), []],
  ['forever defaults', presets.forever(), []],
  ['forever max 1', presets.forever({ max: 1 }), [['never-restarts', 'max']]],
  ['forever max 0', presets.forever({ max: 0 }), [['never-restarts', 'max']]],
  ['forever max 2', presets.forever({ max: 2 }), []],
  ['forever spinSleepTime without minUptime', presets.forever({ spinSleepTime: 1000 }), [['no-effect', 'spinSleepTime']]],
  ['systemd defaults', presets.systemd(), []],
  ['systemd Restart=no with a start limit', presets.systemd({ startLimitBurst: 3, startLimitIntervalSec: 60 }), [['no-effect', 'startLimitBurst']]],
  ['systemd Restart=no with RestartForceExitStatus= may restart', presets.systemd({ restartForceExitStatus: [3], startLimitBurst: 3 }), []],
  ['systemd Restart=no with SuccessExitStatus= (it still decides failures)', presets.systemd({ successExitStatus: [2] }), []],
  ['systemd RestartSteps= without RestartMaxDelaySec=', presets.systemd({ restart: 'always', restartSteps: 3 }), [['no-effect', 'restartSteps']]],
  ['systemd RestartSteps= with RestartSec=0', presets.systemd({ restart: 'always', restartSec: 0, restartSteps: 3, restartMaxDelaySec: 10 }), [['no-effect', 'restartSteps']]],
  ['systemd RestartMaxDelaySec= not above RestartSec=', presets.systemd({ restart: 'always', restartSec: 10, restartSteps: 3, restartMaxDelaySec: 5 }), [['no-effect', 'restartSteps']]],
  ['systemd RestartMaxDelaySec= without RestartSteps=', presets.systemd({ restart: 'always', restartMaxDelaySec: 10 }), [['no-effect', 'restartMaxDelaySec']]],
  ['systemd growing delay', presets.systemd({ restart: 'always', restartSec: 1, restartSteps: 3, restartMaxDelaySec: 8 }), []],
  ['supervisord defaults', presets.supervisord(), []],
  ['supervisord startretries 0', presets.supervisord({ startretries: 0 }), [['gives-up-at-first-short-run', 'startretries']]],
  ['respawn defaults', presets.respawn(), []],
  ['respawn maxRestarts 0', presets.respawn({ maxRestarts: 0 }), [['never-restarts', 'maxRestarts']]],
  ['otp defaults', presets.otp(), []],
  ['otp intensity 0', presets.otp({ intensity: 0 }), [['never-restarts', 'intensity']]],
  ['otp temporary with a period', presets.otp({ restart: 'temporary', period: 60 }), [['no-effect', 'period']]],
  ['kubernetes', presets.kubernetes({ restartPolicy: 'Never' }), []],
  ['xdaemon defaults', xdaemonPolicy(), []],
  ['xdaemon maxCount 1', presets.xdaemon({ maxCount: 1 }), [['never-restarts', 'maxCount']]],
  ['xdaemon maxError 0', presets.xdaemon({ maxError: 0 }), [['gives-up-at-first-failure', 'maxError']]],
];

describe('lintPolicy(a preset)', () => {
  it.each(ROWS)('%s', (_name, policy, expected) => {
    expect(lintPolicy(policy).map((w) => [w.code, w.option])).toEqual(expected);
  });

  it.each<[string, Policy<any>, string]>([
    [
      'pm2 maxRestarts 0',
      presets.pm2({ maxRestarts: 0 }),
      'maxRestarts 0: the first unstable run (a run under minUptime (1000 ms) or a spawn failure) errors the app, it is never restarted after one (pm2 itself, with max_restarts 0, errors the app at its first exit of any kind)',
    ],
    ['forever max 1', presets.forever({ max: 1 }), 'max 1 counts runs, the first included: the script runs once and is never restarted (max 2 allows one restart)'],
    ['systemd Restart=no', presets.systemd({ restartSec: 5, startLimitBurst: 3 }), 'Restart=no without RestartForceExitStatus= never restarts: restartSec, startLimitBurst can never take effect'],
    ['supervisord startretries 0', presets.supervisord({ startretries: 0 }), 'startretries 0: a run under startsecs (1000 ms) or a spawn failure is FATAL at once, never retried'],
    ['supervisord startretries 0, startsecs 0', presets.supervisord({ startretries: 0, startsecs: 0 }), 'startretries 0: a spawn failure is FATAL at once, never retried'],
  ])('words it with the numbers: %s', (_name, policy, message) => {
    expect(lintPolicy(policy)[0]?.message).toBe(message);
  });

  it('lints presets.pm2() instead of reading it as options (it threw "unknown option name")', () => {
    expect(() => lintPolicy(presets.pm2())).not.toThrow();
    expect(lintPolicy(presets.pm2())).toEqual([]);
  });

  it('gives [] for a custom policy, and for a copy of a built-in one (it is custom then)', () => {
    const stop = { action: 'stop', failure: false, giveup: false, reason: 'done' } as const;
    const custom: Policy<number> = { name: 'once', initialState: () => 0, decide: (s) => ({ state: s, decision: stop }) };
    expect(lintPolicy(custom)).toEqual([]);
    expect(lintPolicy({ ...presets.forever({ max: 1 }) })).toEqual([]);
    expect(lintPolicy({ decide: 5 } as never)).toEqual([]);
  });

  it('never throws for a policy, and returns a fresh array each time', () => {
    for (const [, policy] of ROWS) {
      const first = lintPolicy(policy);
      first.push({ code: 'no-effect', option: 'x', message: 'x' });
      expect(lintPolicy(policy)).not.toContainEqual({ code: 'no-effect', option: 'x', message: 'x' });
    }
    expect(lintPolicy(restartPolicy({ maxRestarts: 0 })).map((w) => w.code)).toEqual(['never-restarts']);
  });

  const outcomeArb: fc.Arbitrary<ExitOutcome> = fc.oneof(
    fc.integer({ min: 0, max: 3 }).map(exited),
    fc.constantFrom('SIGTERM', 'SIGKILL').map(signaled),
    fc.constant(spawnFailed('ENOENT')),
  );
  const runsArb = fc.array(fc.record({ outcome: outcomeArb, runtimeMs: fc.oneof(fc.nat({ max: 3000 }), fc.nat({ max: 120_000 })) }), { maxLength: 20 });

  it.each(ROWS.filter(([, , expected]) => expected.some(([code]) => code === 'never-restarts')))('%s: simulate() never restarts', (_name, policy) => {
    fc.assert(
      fc.property(runsArb, (runs) => {
        expect(simulate(policy, runs).filter((s) => s.decision.action === 'restart')).toEqual([]);
      }),
    );
  });

  it.each(ROWS.filter(([, , expected]) => expected.some(([code]) => code === 'gives-up-at-first-failure')))('%s: simulate() never restarts a failed run', (_name, policy) => {
    fc.assert(
      fc.property(runsArb, (runs) => {
        expect(simulate(policy, runs).filter((s) => s.decision.action === 'restart' && s.decision.failure)).toEqual([]);
      }),
    );
  });
});
