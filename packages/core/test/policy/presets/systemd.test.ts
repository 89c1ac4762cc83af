import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, exited, presets, signaled, simulate, spawnFailed, type ExitOutcome } from '@daemonkit/core';
import { cells, lastDecision, run, thrown, timeline, times } from './helpers.js';

type Restart = NonNullable<presets.SystemdPresetOptions['restart']>;
const MODES: readonly Restart[] = ['no', 'always', 'on-success', 'on-failure', 'on-abnormal', 'on-abort', 'on-watchdog'];

// systemd.service(5), Restart=, "Table 2. Exit causes and the effect of the Restart= settings", written out by hand.
// A clean exit is code 0 or SIGHUP/SIGINT/SIGTERM/SIGPIPE; a spawn failure is status 203/EXEC, an unclean exit code.
// The timeout row is a readiness timeout, the watchdog row a watchdog timeout (the Supervisor's readiness and watchdog).
//                                                       no     always on-succ on-fail on-abn on-abort on-watchdog
const killed = signaled('SIGTERM');
const RESTART_TABLE: ReadonlyArray<[string, ExitOutcome, boolean[]]> = [
  ['clean exit code', exited(0), [false, true, true, false, false, false, false]],
  ['unclean exit code', exited(1), [false, true, false, true, false, false, false]],
  ['clean signal', signaled('SIGTERM'), [false, true, true, false, false, false, false]],
  ['unclean signal', signaled('SIGSEGV'), [false, true, false, true, true, true, false]],
  ['spawn failure (203/EXEC)', spawnFailed('ENOENT'), [false, true, false, true, false, false, false]],
  ['timeout', { kind: 'ready-timeout', timeoutMs: 90_000, exit: killed }, [false, true, false, true, true, false, false]],
  ['watchdog', { kind: 'watchdog', timeoutMs: 30_000, exit: killed }, [false, true, false, true, true, false, true]],
];

describe('presets.systemd: the Restart= table', () => {
  const rows = cells(RESTART_TABLE, MODES);

  it('covers every exit cause and every Restart= value (49 cells)', () => {
    expect(rows).toHaveLength(49);
  });

  it.each(rows)('$cause under Restart=$setting: restarts=$restarts', ({ outcome, setting, restarts }) => {
    const decision = lastDecision(simulate(presets.systemd({ restart: setting }), [run(outcome)]));
    expect(decision.action).toBe(restarts ? 'restart' : 'stop');
    if (decision.action === 'stop') expect(decision.giveup).toBe(false);
    if (decision.action === 'restart') expect(decision.delayMs).toBe(100);
  });

  it("defaults to Restart=no, RestartSec=100ms, StartLimitBurst=5 within StartLimitIntervalSec=10s", () => {
    expect(presets.systemd().options).toEqual({
      restart: 'no',
      successExitStatus: [],
      restartPreventExitStatus: [],
      restartForceExitStatus: [],
      restartSec: 0.1,
      restartSteps: 0,
      restartMaxDelaySec: Number.POSITIVE_INFINITY,
      startLimitBurst: 5,
      startLimitIntervalSec: 10,
    });
  });
});

// systemd.service(5): SuccessExitStatus= adds to 0 and the four clean signals (its example "1 2 8 SIGKILL");
// RestartPreventExitStatus= and RestartForceExitStatus= apply "regardless of the restart setting" (example
// "1 6 SIGABRT"); when a status is in both, service_shall_restart() checks prevent first.
describe('presets.systemd: exit status lists', () => {
  const success = { successExitStatus: [1, 2, 8, 'SIGKILL'] as presets.ExitStatus[] };
  const prevent = { restartPreventExitStatus: [1, 6, 'SIGABRT'] as presets.ExitStatus[] };
  it.each<[string, presets.SystemdPresetOptions, ExitOutcome, 'restart' | 'stop', boolean]>([
    ['SuccessExitStatus=1 2 8 SIGKILL: exit 2 is clean, on-failure stops', { restart: 'on-failure', ...success }, exited(2), 'stop', false],
    ['... and SIGKILL is clean too', { restart: 'on-failure', ...success }, signaled('SIGKILL'), 'stop', false],
    ['... and on-success restarts it', { restart: 'on-success', ...success }, signaled('SIGKILL'), 'restart', false],
    ['... exit 0 stays clean', { restart: 'on-success', ...success }, exited(0), 'restart', false],
    ['... exit 3 is not listed: on-failure restarts', { restart: 'on-failure', ...success }, exited(3), 'restart', true],
    ['SuccessExitStatus=203 makes a spawn failure clean', { restart: 'on-failure', successExitStatus: [203] }, spawnFailed('ENOENT'), 'stop', false],
    ['RestartPreventExitStatus=1 6 SIGABRT: exit 6 stops under always', { restart: 'always', ...prevent }, exited(6), 'stop', true],
    ['... SIGABRT stops under always', { restart: 'always', ...prevent }, signaled('SIGABRT'), 'stop', true],
    ['... SIGSEGV is not listed', { restart: 'always', ...prevent }, signaled('SIGSEGV'), 'restart', true],
    ['... a signal never matches an exit code', { restart: 'always', restartPreventExitStatus: [6, 134] }, signaled('SIGABRT'), 'restart', true],
    ['RestartForceExitStatus=3 restarts under Restart=no', { restartForceExitStatus: [3] }, exited(3), 'restart', true],
    ['RestartForceExitStatus=SIGTERM restarts a clean signal under on-failure', { restart: 'on-failure', restartForceExitStatus: ['SIGTERM'] }, signaled('SIGTERM'), 'restart', false],
    ['RestartForceExitStatus=203 retries a spawn failure under on-abnormal', { restart: 'on-abnormal', restartForceExitStatus: [203] }, spawnFailed('ENOENT'), 'restart', true],
    ['a status in both lists: prevent wins', { restart: 'always', restartPreventExitStatus: [3], restartForceExitStatus: [3] }, exited(3), 'stop', true],
  ])('%s', (_name, options, outcome, action, failure) => {
    const decision = lastDecision(simulate(presets.systemd(options), [run(outcome)]));
    expect(decision).toMatchObject({ action, failure });
  });

  it('names the list in the reason', () => {
    const prevented = lastDecision(simulate(presets.systemd({ restart: 'always', restartPreventExitStatus: ['SIGABRT'] }), [run(signaled('SIGABRT'), 50)]));
    expect(prevented.reason).toBe('was killed by SIGABRT after 50 ms; SIGABRT is in RestartPreventExitStatus=');
    const forced = lastDecision(simulate(presets.systemd({ restartForceExitStatus: [3] }), [run(exited(3), 50)]));
    expect(forced.reason).toBe('exited with code 3 after 50 ms; exit status 3 is in RestartForceExitStatus=');
  });
});

// systemd.service(5), RestartSec= (default 100ms) and RestartSteps= / RestartMaxDelaySec=: "RestartSec=10s
// RestartSteps=4 RestartMaxDelaySec=160s ... will produce the following restart intervals: 10s, 20s, 40s, 80s, 160s,
// 160s", ratio (max / RestartSec) ^ (1 / steps); effective only with RestartMaxDelaySec= set and RestartSec= not 0.
// The start limit is switched off here (StartLimitIntervalSec=0) to look at delays alone.
describe('presets.systemd: RestartSec=, RestartSteps=, RestartMaxDelaySec=', () => {
  const crash = run(exited(1), 10);
  it.each<[string, presets.SystemdPresetOptions, number[]]>([
    ['the man page example: 10s over 4 steps to 160s', { restartSec: 10, restartSteps: 4, restartMaxDelaySec: 160 }, [10_000, 20_000, 40_000, 80_000, 160_000, 160_000, 160_000]],
    ['100ms over 5 steps to 10s: ratio 100^(1/5)', { restartSec: 0.1, restartSteps: 5, restartMaxDelaySec: 10 }, [100, 251, 631, 1585, 3981, 10_000, 10_000]],
    ['1s over 3 steps to 8s', { restartSec: 1, restartSteps: 3, restartMaxDelaySec: 8 }, [1000, 2000, 4000, 8000, 8000]],
    ['the default: 100 ms every time', {}, [100, 100, 100, 100]],
    ['RestartSec=0: at once', { restartSec: 0 }, [0, 0, 0]],
    ['RestartSteps= without RestartMaxDelaySec=: no growth', { restartSec: 1, restartSteps: 4 }, [1000, 1000, 1000]],
    ['RestartMaxDelaySec= without RestartSteps=: no growth', { restartSec: 1, restartMaxDelaySec: 60 }, [1000, 1000, 1000]],
    ['RestartSec=0 with steps: no growth', { restartSec: 0, restartSteps: 4, restartMaxDelaySec: 60 }, [0, 0, 0]],
    ['RestartMaxDelaySec= not above RestartSec=: RestartSec=', { restartSec: 5, restartSteps: 4, restartMaxDelaySec: 5 }, [5000, 5000, 5000]],
  ])('%s', (_name, options, delays) => {
    const policy = presets.systemd({ restart: 'always', startLimitIntervalSec: 0, ...options });
    expect(timeline(simulate(policy, times(delays.length, crash)))).toEqual(delays);
  });

  it('never shrinks the delay after a healthy run: the restart counter only grows', () => {
    const policy = presets.systemd({ restart: 'always', startLimitIntervalSec: 0, restartSec: 1, restartSteps: 2, restartMaxDelaySec: 4 });
    const runs = [crash, crash, run(exited(1), 86_400_000), crash];
    expect(timeline(simulate(policy, runs))).toEqual([1000, 2000, 4000, 4000]);
  });
});

// systemd.unit(5), StartLimitIntervalSec= and StartLimitBurst=: "units which are started more than 5 times within
// 10 seconds are not permitted to start any more times"; the limit applies to every start, the first one included,
// and either setting at 0 disables it. The restart is a start at the time it happens, after RestartSec=.
describe('presets.systemd: StartLimitBurst= within StartLimitIntervalSec=', () => {
  const policy = (o: presets.SystemdPresetOptions) => presets.systemd({ restart: 'always', restartSec: 0, ...o });
  it.each<[string, presets.SystemdPresetOptions, number[], (number | 'giveup')[]]>([
    // runtimes of the runs; with RestartSec=0 they are the spacing of the starts
    ['5 starts within 10 s allowed: the 5th restart (6th start) is refused', {}, [100, 100, 100, 100, 100, 100], [0, 0, 0, 0, 'giveup']],
    ['StartLimitBurst=1: the first restart within 10 s is refused', { startLimitBurst: 1 }, [100], ['giveup']],
    ['StartLimitBurst=2', { startLimitBurst: 2 }, [100, 100], [0, 'giveup']],
    ['starts 2 s apart never exceed 5 per 10 s', {}, Array<number>(12).fill(2000), Array<number>(12).fill(0)],
    ['starts 1999 ms apart: the 6th start falls inside 10 s of the 1st', {}, Array<number>(6).fill(1999), [0, 0, 0, 0, 'giveup']],
    ['StartLimitBurst=0 disables the limit', { startLimitBurst: 0 }, Array<number>(20).fill(1), Array<number>(20).fill(0)],
    ['StartLimitIntervalSec=0 disables the limit', { startLimitIntervalSec: 0 }, Array<number>(20).fill(1), Array<number>(20).fill(0)],
    ['a pause clears the window', {}, [100, 100, 100, 10_000, 100, 100, 100, 100, 100], [0, 0, 0, 0, 0, 0, 0, 0, 'giveup']],
  ])('%s', (_name, options, runtimes, expected) => {
    expect(timeline(simulate(policy(options), runtimes.map((ms) => run(exited(1), ms))))).toEqual(expected);
  });

  it('counts the restart at the time it happens, after RestartSec=', () => {
    // Runs of 1 ms and RestartSec=2.5s: starts at 0, 2.5, 5, 7.5 s; the next would be at 10.004 s, when the first
    // start has left the 10 s window.
    const spaced = presets.systemd({ restart: 'always', restartSec: 2.5, startLimitBurst: 4 });
    expect(timeline(simulate(spaced, times(6, run(exited(1), 1))))).toEqual([2500, 2500, 2500, 2500, 2500, 2500]);
  });

  it('says start limit hit, with the numbers', () => {
    const decision = lastDecision(simulate(policy({}), times(6, run(exited(1), 40))));
    expect(decision).toMatchObject({ action: 'stop', giveup: true, failure: true });
    expect(decision.reason).toBe('start limit hit: 5 starts within 10 s (StartLimitBurst=5); last run exited with code 1 after 40 ms');
  });
});

describe('presets.systemd: options', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['Restart=sometimes', { restart: 'sometimes' }, 'restart', "one of 'no', 'always'"],
    ['a signal that does not exist', { successExitStatus: ['SIGFOO'] }, 'successExitStatus', 'signal names'],
    ['an exit status above 255', { restartPreventExitStatus: [256] }, 'restartPreventExitStatus', 'integers from 0 to 255'],
    ['RestartSec= negative', { restartSec: -1 }, 'restartSec', 'non-negative finite number of seconds'],
    ['RestartSteps= fractional', { restartSteps: 1.5 }, 'restartSteps', 'non-negative integer'],
    ['the unit-file spelling RestartSec', { RestartSec: 1 }, 'RestartSec', '`restartSec`'],
    ['the old StartLimitInterval', { StartLimitInterval: 1 }, 'StartLimitInterval', '`startLimitIntervalSec`'],
  ])('%s throws naming the option', (_name, options, option, fragment) => {
    const error = thrown(() => presets.systemd(options as presets.SystemdPresetOptions));
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ option });
    expect((error as Error).message).toContain('presets.systemd()');
    expect((error as Error).message).toContain(fragment);
  });
});
