import { explainPolicy, presets, restartPolicy } from '@daemonkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { flagOfOption, POLICY_FLAGS, policySpecFromFlags, PRESET_NAMES } from '../../src/policy/flags.js';
import { policyFromSpec } from '../../src/policy/from-spec.js';

describe('policySpecFromFlags', () => {
  it('is the SDK default policy without flags', () => {
    const spec = policySpecFromFlags({});
    expect(spec).toEqual({ preset: 'restart' });
    expect(explainPolicy(policyFromSpec(spec))).toBe(explainPolicy(restartPolicy()));
  });

  it.each([
    [{ restart: 'always' }, { restart: 'always' }],
    [{ 'max-restarts': '5' }, { maxRestarts: 5 }],
    [{ 'max-restarts': 'inf' }, { maxRestarts: 'Infinity' }],
    [{ 'min-uptime': '10s' }, { minUptimeMs: 10_000 }],
    [{ 'success-exit-codes': '0,2' }, { successExitCodes: [0, 2] }],
    [{ 'prevent-exit-codes': '78' }, { preventExitCodes: [78] }],
    [{ 'force-exit-codes': '3' }, { forceExitCodes: [3] }],
    [{ 'max-consecutive-failures': '4' }, { maxConsecutiveFailures: 4 }],
    [{ 'max-spawn-failures': '1' }, { maxSpawnFailures: 1 }],
    [{ window: '10/60s' }, { window: { maxRestarts: 10, periodMs: 60_000 } }],
    [{ backoff: '1s' }, { backoff: 1000 }],
    [{ backoff: '100ms..30s' }, { backoff: { initialMs: 100, maxMs: 30_000 } }],
    [{ backoff: '100ms..30s', 'backoff-factor': '3', 'backoff-jitter': '0', 'backoff-reset-after': '1m' }, { backoff: { initialMs: 100, maxMs: 30_000, factor: 3, jitter: 0, resetAfterMs: 60_000 } }],
    [{ 'backoff-factor': '1.5' }, { backoff: { factor: 1.5 } }],
  ])('restartPolicy: %j -> %j', (flags, options) => {
    expect(policySpecFromFlags(flags)).toEqual({ preset: 'restart', options });
  });

  it.each([
    ['pm2', { 'max-restarts': '15', 'exp-backoff-restart-delay': '100', autorestart: 'false' }, { maxRestarts: 15, expBackoffRestartDelay: 100, autorestart: false }],
    ['systemd', { restart: 'on-failure', 'restart-sec': '5', 'start-limit-interval-sec': '1m', 'success-exit-status': '2,SIGUSR1' }, { restart: 'on-failure', restartSec: 5, startLimitIntervalSec: 60, successExitStatus: [2, 'SIGUSR1'] }],
    ['systemd', { 'restart-sec': '500ms', 'restart-max-delay-sec': 'infinity' }, { restartSec: 0.5, restartMaxDelaySec: 'Infinity' }],
    ['supervisord', { autorestart: 'unexpected', startsecs: '2', exitcodes: '0,2', startretries: '5' }, { autorestart: 'unexpected', startsecs: 2, exitcodes: [0, 2], startretries: 5 }],
    ['forever', { max: '3', 'min-uptime': '1s', 'spin-sleep-time': '2s' }, { max: 3, minUptime: 1000, spinSleepTime: 2000 }],
    ['respawn', { 'max-restarts': '-1', sleep: '100ms,1s,5s' }, { maxRestarts: -1, sleep: [100, 1000, 5000] }],
    ['respawn', { sleep: '2s' }, { sleep: 2000 }],
    ['otp', { restart: 'transient', intensity: '3', period: '10' }, { restart: 'transient', intensity: 3, period: 10 }],
    ['kubernetes', { 'restart-policy': 'OnFailure' }, { restartPolicy: 'OnFailure' }],
    ['xdaemon', { 'max-count': '5', 'max-error': '2', 'min-exit-time': '3' }, { maxCount: 5, maxError: 2, minExitTime: 3 }],
  ])('--preset %s: %j -> %j', (preset, flags, options) => {
    expect(policySpecFromFlags({ preset, ...flags })).toEqual({ preset, options });
  });

  it('builds the same policy as the core constructor given the option', () => {
    expect(explainPolicy(policyFromSpec(policySpecFromFlags({ preset: 'pm2', 'max-restarts': '15', 'exp-backoff-restart-delay': '100' })))).toBe(
      explainPolicy(presets.pm2({ maxRestarts: 15, expBackoffRestartDelay: 100 })),
    );
    expect(explainPolicy(policyFromSpec(policySpecFromFlags({ preset: 'systemd', restart: 'always', 'restart-sec': '2' })))).toBe(
      explainPolicy(presets.systemd({ restart: 'always', restartSec: 2 })),
    );
    expect(explainPolicy(policyFromSpec(policySpecFromFlags({ 'max-restarts': 'infinity', window: '3/1s' })))).toBe(
      explainPolicy(restartPolicy({ window: { maxRestarts: 3, periodMs: 1000 } })),
    );
  });

  it('names the policies a flag belongs to when it is given to another', () => {
    expect(() => policySpecFromFlags({ preset: 'pm2', window: '3/1s' })).toThrow('--window is not an option of --preset pm2; it is one of --preset restart');
    expect(() => policySpecFromFlags({ 'exp-backoff-restart-delay': '100' })).toThrow(/not an option of the default policy \(restartPolicy\); it is one of --preset pm2/);
  });

  it('refuses an unknown preset with the nearest name, and bad values naming the flag', () => {
    expect(() => policySpecFromFlags({ preset: 'pm3' })).toThrow(/--preset: unknown preset "pm3".*did you mean pm2\?/);
    expect(() => policySpecFromFlags({ 'min-uptime': 'soon' })).toThrow(/^--min-uptime: expected a duration/);
    expect(() => policySpecFromFlags({ backoff: '1s', 'backoff-factor': '2' })).toThrow(/need an exponential --backoff/);
  });

  it('every flag of every preset maps to an option its constructor knows (no unknown-option error)', () => {
    for (const preset of PRESET_NAMES) {
      for (const row of POLICY_FLAGS[preset]) {
        expect(flagOfOption(preset, row.option)).toBe(`--${row.flag}`);
        try {
          policyFromSpec({ preset, options: row.option.includes('.') ? { [row.option.split('.')[0]!]: {} } : { [row.option]: undefined } });
        } catch (error) {
          expect.unreachable(`${preset} --${row.flag}: ${String(error)}`);
        }
      }
    }
  });

  it('a spec is JSON: it survives a round trip and builds the same policy', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            'max-restarts': fc.oneof(fc.nat({ max: 50 }).map(String), fc.constant('inf')),
            'min-uptime': fc.nat({ max: 100_000 }).map((n) => `${n}ms`),
            window: fc.tuple(fc.nat({ max: 20 }), fc.integer({ min: 1, max: 600 })).map(([n, s]) => `${n}/${s}s`),
            backoff: fc.tuple(fc.nat({ max: 1000 }), fc.nat({ max: 60 })).map(([a, b]) => `${a}ms..${b}s`),
          },
          { requiredKeys: [] },
        ),
        (flags) => {
          const spec = policySpecFromFlags(flags);
          const copy = JSON.parse(JSON.stringify(spec)) as typeof spec;
          expect(copy).toEqual(spec);
          expect(explainPolicy(policyFromSpec(copy))).toBe(explainPolicy(policyFromSpec(spec)));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('policyFromSpec: the core judges the values, errors name the flag or the config path', () => {
  it.each([
    [{ 'max-restarts': '-1' }, /^--max-restarts: restartPolicy\(\): expected `maxRestarts` to be/],
    [{ restart: 'sometimes' }, /^--restart: restartPolicy\(\): expected `restart` to be one of/],
    [{ backoff: '1s..100ms', 'backoff-jitter': '2' }, /^--backoff-jitter: /],
    [{ preset: 'pm2', 'max-restarts': '1.5' }, /^--max-restarts: presets\.pm2\(\): /],
    [{ preset: 'otp', restart: 'always' }, /^--restart: presets\.otp\(\): expected `restart` to be one of/],
  ])('%j', (flags, message) => {
    const build = () => policyFromSpec(policySpecFromFlags(flags));
    expect(build).toThrow(UsageError);
    expect(build).toThrow(message);
  });

  it('names the config path for a config spec', () => {
    expect(() => policyFromSpec({ preset: 'pm2', options: { maxRestarts: -1 } }, { kind: 'config', path: 'apps.web.policy' })).toThrow(
      /^apps\.web\.policy\.options\.maxRestarts: presets\.pm2\(\): expected/,
    );
    expect(() => policyFromSpec({ preset: 'restart', options: { maxRetries: 3 } }, { kind: 'config', path: 'apps.web.policy' })).toThrow(
      /is named `maxRestarts`/,
    );
  });
});
