import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, explainPolicy, presets, restartPolicy, xdaemonPolicy, type Policy, type RestartPolicyOptions } from '@daemonkit/core';

const exactBackoff = { jitter: 0, resetAfterMs: 30_000 };

describe('explainPolicy(restartPolicy(...))', () => {
  it.each<[RestartPolicyOptions, string]>([
    [{}, 'restarts on failure; gives up after 3 permanent spawn failures in a row (ENOENT, EACCES, ...); waits 100 ms, doubling to 30 s (up to 10 % less at random), back to 100 ms after 30 s up'],
    [
      { window: { maxRestarts: 5, periodMs: 10_000 }, backoff: exactBackoff },
      'restarts on failure; gives up after 3 permanent spawn failures in a row (ENOENT, EACCES, ...); gives up after 5 restarts within 10 s; waits 100 ms, doubling to 30 s, back to 100 ms after 30 s up',
    ],
    [{ restart: 'always', backoff: 0 }, 'restarts after every exit; gives up after 3 permanent spawn failures in a row (ENOENT, EACCES, ...); restarts at once'],
    [{ restart: 'never' }, 'never restarts'],
    [{ restart: 'never', forceExitCodes: [3], backoff: 250 }, 'never restarts; always after exit code 3; waits 250 ms'],
    [{ restart: 'on-success', backoff: 1000 }, 'restarts only after a clean exit; waits 1 s'],
    [{ restart: 'on-abnormal', backoff: 0 }, 'restarts only after an unclean signal, a readiness or watchdog timeout, or the memory limit; restarts at once'],
    [
      { preventExitCodes: [78], successExitCodes: [0, 2], minUptimeMs: 2000, backoff: 0 },
      'restarts on failure; never after exit code 78; exit codes 0, 2 count as clean; a run under 2 s is a failure; gives up after 3 permanent spawn failures in a row (ENOENT, EACCES, ...); restarts at once',
    ],
    [
      { maxConsecutiveFailures: 5, maxRestarts: 100, window: { maxRestarts: 0, periodMs: 1000 }, backoff: 0 },
      'restarts on failure; gives up after 5 consecutive failures; gives up after 100 restarts in total; gives up at the first restart; restarts at once',
    ],
    [{ maxConsecutiveFailures: 0, backoff: 0 }, 'restarts on failure; gives up after 1 consecutive failure; restarts at once'],
    // maxSpawnFailures: said where the mode restarts a spawn failure and no lower limit gives up first.
    [{ maxSpawnFailures: 1, backoff: 0 }, 'restarts on failure; gives up at the first permanent spawn failure (ENOENT, EACCES, ...); restarts at once'],
    [{ maxSpawnFailures: 5, backoff: 0 }, 'restarts on failure; gives up after 5 permanent spawn failures in a row (ENOENT, EACCES, ...); restarts at once'],
    [{ maxSpawnFailures: Number.POSITIVE_INFINITY, backoff: 0 }, 'restarts on failure; restarts at once'],
    [{ restart: 'on-abnormal', backoff: 0 }, 'restarts only after an unclean signal, a readiness or watchdog timeout, or the memory limit; restarts at once'],
    [{ maxConsecutiveFailures: 2, backoff: 0 }, 'restarts on failure; gives up after 2 consecutive failures; restarts at once'],
    [{ maxConsecutiveFailures: 3, backoff: 0 }, 'restarts on failure; gives up after 3 permanent spawn failures in a row (ENOENT, EACCES, ...); gives up after 3 consecutive failures; restarts at once'],
    [{ maxRestarts: 1, backoff: 0 }, 'restarts on failure; gives up after 1 restart in total; restarts at once'],
    [{ backoff: { initialMs: 1500, factor: 1.5, maxMs: 15_000, jitter: 0.25, resetAfterMs: 600_000 } }, 'restarts on failure; gives up after 3 permanent spawn failures in a row (ENOENT, EACCES, ...); waits 1.5 s, growing x1.5 to 15 s (up to 25 % less at random), back to 1.5 s after 10 min up'],
    [{ backoff: { initialMs: 500, factor: 1, jitter: 0 } }, 'restarts on failure; gives up after 3 permanent spawn failures in a row (ENOENT, EACCES, ...); waits 500 ms'],
    [{ backoff: { initialMs: 5000, maxMs: 1000, jitter: 0 } }, 'restarts on failure; gives up after 3 permanent spawn failures in a row (ENOENT, EACCES, ...); waits 1 s'],
    [{ backoff: { initialMs: 0 } }, 'restarts on failure; gives up after 3 permanent spawn failures in a row (ENOENT, EACCES, ...); restarts at once'],
  ])('%j', (options, sentence) => {
    expect(explainPolicy(restartPolicy(options))).toBe(sentence);
  });
});

describe('explainPolicy(presets...)', () => {
  it.each<[string, Policy<any>, string]>([
    ['xdaemonPolicy()', xdaemonPolicy(), 'restarts after every exit, at once; a run under 10 s or a spawn failure is a failure; gives up after 4 failures in a row'],
    ['presets.xdaemon({ maxCount: 5 })', presets.xdaemon({ maxCount: 5 }), 'restarts after every exit, at once; a run under 10 s or a spawn failure is a failure; gives up after 4 failures in a row; completes after 5 runs'],
    ['presets.systemd()', presets.systemd(), 'Restart=no: never restarts'],
    [
      'presets.systemd(on-failure, steps)',
      presets.systemd({ restart: 'on-failure', restartSec: 10, restartSteps: 4, restartMaxDelaySec: 160, restartPreventExitStatus: [78, 'SIGABRT'] }),
      'Restart=on-failure: restarts on failure; never after exit codes 78, SIGABRT; gives up after 5 starts within 10 s (the first start included); waits 10 s, doubling to 160 s',
    ],
    ['presets.systemd(on-watchdog)', presets.systemd({ restart: 'on-watchdog' }), 'Restart=on-watchdog: restarts only after a watchdog timeout; gives up after 5 starts within 10 s (the first start included); waits 100 ms'],
    [
      'presets.supervisord()',
      presets.supervisord(),
      'restarts at once after an unexpected exit from RUNNING (not exit code 0); a run under 1 s is a failed start, retried after 1 s, 2 s, 3 s...; gives up (FATAL) when 4 starts in a row failed',
    ],
    ['presets.pm2()', presets.pm2(), 'restarts after every exit; gives up after 16 runs in a row under 1 s; restarts at once'],
    [
      'presets.pm2(exp backoff)',
      presets.pm2({ expBackoffRestartDelay: 100, stopExitCodes: [0] }),
      'restarts after every exit; never after exit code 0; gives up after 16 runs in a row under 1 s; waits 100 ms, then 1.5 times the previous delay (rounded down) up to 15 s, back to 100 ms after more than 30 s up',
    ],
    ['presets.pm2(autorestart false)', presets.pm2({ autorestart: false }), 'never restarts (autorestart false)'],
    ['presets.forever()', presets.forever(), 'restarts after every exit, at once'],
    ['presets.forever(spin)', presets.forever({ max: 3, minUptime: 2000, spinSleepTime: 1000 }), 'restarts after every exit, at once; waits 1 s after a run under 2 s; gives up after 3 runs'],
    ['presets.forever(no spinSleepTime)', presets.forever({ minUptime: 2000 }), 'restarts after every exit, at once; gives up after a run under 2 s'],
    ['presets.respawn()', presets.respawn(), 'restarts after every exit; gives up on a spawn failure; waits 1 s'],
    [
      'presets.respawn(list)',
      presets.respawn({ maxRestarts: 10, sleep: [100, 1000] }),
      'restarts after every exit; gives up after 10 restarts within 60 s of run time; gives up on a spawn failure; waits 100 ms, 1 s, then 1 s each time',
    ],
    ['presets.respawn(function)', presets.respawn({ sleep: (n) => n }), 'restarts after every exit; gives up on a spawn failure; waits as its sleep function says'],
    ['presets.otp()', presets.otp(), 'permanent: restarts after every exit, at once; gives up after 1 restart within 5 s'],
    ['presets.otp(transient)', presets.otp({ restart: 'transient', intensity: 3, period: 60 }), 'transient: restarts after an abnormal exit, at once; gives up after 3 restarts within 1 min'],
    ['presets.otp(temporary)', presets.otp({ restart: 'temporary' }), 'temporary: never restarts'],
    [
      'presets.kubernetes()',
      presets.kubernetes(),
      'restartPolicy Always: restarts after every exit; the first at once, then waits 10 s, doubling to 5 min, back to 10 s after 10 min up; never gives up',
    ],
    ['presets.kubernetes(Never)', presets.kubernetes({ restartPolicy: 'Never' }), 'restartPolicy Never: never restarts'],
  ])('%s', (_name, policy, sentence) => {
    expect(explainPolicy(policy)).toBe(sentence);
  });
});

describe('explainPolicy(a custom policy)', () => {
  const stop = { action: 'stop', failure: false, giveup: false, reason: 'done' } as const;
  it('falls back to the name when the policy has no explain()', () => {
    const policy: Policy<number> = { name: 'fibonacci', initialState: () => 0, decide: (s) => ({ state: s, decision: stop }) };
    expect(explainPolicy(policy)).toBe('custom policy "fibonacci"');
  });

  it('uses explain() when the policy has one', () => {
    const policy: Policy<number> = { name: 'once', initialState: () => 0, decide: (s) => ({ state: s, decision: stop }), explain: () => 'never restarts' };
    expect(explainPolicy(policy)).toBe('never restarts');
  });
});

// A new user's first try: explainPolicy({ restart: 'always' }) explains those restartPolicy() options.
describe('explainPolicy(restartPolicy options)', () => {
  it.each<RestartPolicyOptions>([
    {},
    { restart: 'always' },
    { restart: 'never' },
    { window: { maxRestarts: 5, periodMs: 10_000 }, backoff: exactBackoff },
    { preventExitCodes: [78], successExitCodes: [0, 2], minUptimeMs: 2000, backoff: 0 },
  ])('%j reads as restartPolicy(%j)', (options) => {
    expect(explainPolicy(options)).toBe(explainPolicy(restartPolicy(options)));
  });

  it('says what restartPolicy({ restart: \'always\' }) does', () => {
    expect(explainPolicy({ restart: 'always', backoff: 0 })).toBe('restarts after every exit; gives up after 3 permanent spawn failures in a row (ENOENT, EACCES, ...); restarts at once');
  });

  it.each<[string, unknown, string]>([
    ['a bad value', { restart: 'sometimes' }, "restartPolicy(): expected `restart` to be one of 'always'"],
    ['an unknown option', { restarts: 3 }, 'restartPolicy(): unknown option `restarts`'],
    ['a renamed option', { backoff: { initial: 100 } }, 'restartPolicy(): option `backoff.initial` is named `backoff.initialMs`'],
  ])('throws InvalidOptionsError for invalid options: %s', (_name, options, message) => {
    const call = () => explainPolicy(options as RestartPolicyOptions);
    expect(call).toThrow(InvalidOptionsError);
    expect(call).toThrow(message);
  });

  it.each<[string, unknown, string]>([
    ['undefined', undefined, '`undefined` (undefined)'],
    ['null', null, '`null` (null)'],
    ['a number', 5, '`5` (number)'],
    ['a string', 'always', '`"always"` (string)'],
    ['an array', [restartPolicy()], '(array)'],
    ['a function', restartPolicy, '`[function restartPolicy]` (function)'],
    ['an object whose decide is no function', { name: 'x', initialState: () => 0, decide: 5 }, '(object)'],
    ['an object with decide but no initialState', { decide: () => undefined }, '(object)'],
  ])('throws a TypeError saying what it expects for %s', (_name, input, got) => {
    let error: unknown;
    try {
      explainPolicy(input as Policy);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(InvalidOptionsError);
    expect((error as Error).message).toBe(
      `explainPolicy(): expected a policy (an object with initialState() and decide()) or restartPolicy() options (an object without decide), got ${(error as Error).message.split(', got ')[1]}`,
    );
    expect((error as Error).message).toContain(got);
  });

  it('names a custom policy without a name as such', () => {
    const stop = { action: 'stop', failure: false, giveup: false, reason: 'done' } as const;
    expect(explainPolicy({ initialState: () => 0, decide: (s: number) => ({ state: s, decision: stop }) } as unknown as Policy<number>)).toBe('custom policy (no name)');
  });
});
