import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, exited, presets, signaled, simulate, spawnFailed, type ExitOutcome } from '@daemonkit/core';
import { cells, lastDecision, run, thrown, timeline, times } from './helpers.js';

type RestartType = presets.OtpRestart;
const TYPES: readonly RestartType[] = ['permanent', 'transient', 'temporary'];

// Erlang/OTP supervisor(3), child_spec() restart: "A permanent child process is always to be restarted. A temporary
// child process is never to be restarted ... A transient child process is restarted only if it terminates
// abnormally, that is, with another exit reason than normal, shutdown, or {shutdown,Term}." Process exits map onto
// exit reasons as the preset documents: exit code 0 is normal, a SIGHUP/SIGINT/SIGTERM/SIGPIPE death is shutdown.
//                                                   permanent transient temporary
const RESTART_TABLE: ReadonlyArray<[string, ExitOutcome, boolean[]]> = [
  ['normal (exit 0)', exited(0), [true, false, false]],
  ['shutdown (SIGTERM)', signaled('SIGTERM'), [true, false, false]],
  ['abnormal (exit 1)', exited(1), [true, true, false]],
  ['abnormal (SIGKILL)', signaled('SIGKILL'), [true, true, false]],
  ['abnormal (spawn failure)', spawnFailed('ENOENT'), [true, true, false]],
];

describe('presets.otp: restart types', () => {
  const rows = cells(RESTART_TABLE, TYPES);

  it.each(rows)('$cause, restart => $setting: restarts=$restarts', ({ outcome, setting, restarts }) => {
    const decision = lastDecision(simulate(presets.otp({ restart: setting }), [run(outcome)]));
    expect(decision.action).toBe(restarts ? 'restart' : 'stop');
    if (decision.action === 'restart') expect(decision.delayMs).toBe(0);
    if (decision.action === 'stop') expect(decision.giveup).toBe(false);
  });

  it('defaults to permanent, intensity 1, period 5', () => {
    expect(presets.otp().options).toEqual({ restart: 'permanent', intensity: 1, period: 5 });
  });
});

// Erlang/OTP supervisor(3), "Restart intensity and period": "if more than MaxR restarts occur within MaxT seconds,
// the supervisor terminates all the child processes and then itself"; intensity defaults to 1 and period to 5.
// OTP design principles, "Maximum Restart Intensity": intensity 0 means no restart at all. Restarts are immediate.
describe('presets.otp: intensity and period', () => {
  it.each<[string, presets.OtpPresetOptions, number[], (number | 'stop' | 'giveup')[]]>([
    // runtimes of crashing runs; with no delay they are the spacing of the restarts
    ['default 1 in 5 s: a second crash within 5 s gives up', {}, [1000, 1000], [0, 'giveup']],
    ['default: crashes 5 s apart go on (OTP, in whole seconds, still counts one exactly 5 s old)', {}, Array<number>(10).fill(5000), Array<number>(10).fill(0)],
    ['default: 4999 ms apart is one too many', {}, [5000, 4999], [0, 'giveup']],
    ['intensity 0: no restart', { intensity: 0 }, [60_000], ['giveup']],
    ['intensity 3 in 60 s', { intensity: 3, period: 60 }, Array<number>(5).fill(1000), [0, 0, 0, 'giveup']],
    ['intensity 3 in 60 s, spaced 20 s', { intensity: 3, period: 60 }, Array<number>(10).fill(20_000), Array<number>(10).fill(0)],
  ])('%s', (_name, options, runtimes, expected) => {
    expect(timeline(simulate(presets.otp(options), runtimes.map((ms) => run(exited(1), ms))))).toEqual(expected);
  });

  it('counts clean restarts of a permanent child too', () => {
    expect(timeline(simulate(presets.otp(), times(2, run(exited(0), 10))))).toEqual([0, 'giveup']);
  });

  it('a transient child that exits normally ends without a giveup', () => {
    expect(lastDecision(simulate(presets.otp({ restart: 'transient' }), [run(exited(1), 10_000), run(exited(0), 10)]))).toMatchObject({
      action: 'stop',
      giveup: false,
      failure: false,
    });
  });

  it.each<[Record<string, unknown>, string, string]>([
    [{ restart: 'always' }, 'restart', "'permanent', 'transient', 'temporary'"],
    [{ intensity: -1 }, 'intensity', 'non-negative integer'],
    [{ period: 0 }, 'period', 'positive finite number of seconds'],
    [{ MaxR: 3 }, 'MaxR', '`intensity`'],
  ])('rejects %j', (options, option, fragment) => {
    const error = thrown(() => presets.otp(options as presets.OtpPresetOptions));
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ option, message: expect.stringContaining(fragment) });
  });
});

// restartPolicy() gives up on permanent spawn failures (maxSpawnFailures); OTP's rule stays: a child that cannot be
// started is an abnormal exit like any other, limited by intensity alone.
describe('presets.otp: spawn failures', () => {
  it('retries ENOENT within intensity, as OTP does, never giving up on maxSpawnFailures', () => {
    const steps = simulate(presets.otp({ intensity: 100, period: 1 }), Array.from({ length: 10 }, () => ({ outcome: spawnFailed('ENOENT'), runtimeMs: 1000 })));
    expect(steps.map((s) => s.decision.action)).toEqual(Array<string>(10).fill('restart'));
  });
});
