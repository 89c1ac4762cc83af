import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, exited, presets, signaled, simulate, spawnFailed, type ExitOutcome } from '@daemonkit/core';
import { cells, lastDecision, run, thrown, timeline, times } from './helpers.js';

type Autorestart = boolean | 'unexpected';
const LONG = 60_000; // past startsecs: the process reached RUNNING
const SHORT = 200; // under startsecs (1 s): STARTING -> BACKOFF

// supervisord docs, "Subprocess" > "Process States": "When a process is in the EXITED state, it will automatically
// restart: never if its autorestart parameter is set to false; unconditionally if ... true; conditionally if ...
// unexpected. If it exited with an exit code that doesn't match one of the exit codes defined in the exitcodes
// configuration parameter for the process, it will be restarted." The number of RUNNING -> EXITED -> restart cycles
// is not limited, and the restart is immediate. A signal death has no exit code, so it is never expected.
//                                                   false  true   'unexpected'
const EXITED_TABLE: ReadonlyArray<[string, ExitOutcome, boolean[]]> = [
  ['exit 0 (in exitcodes)', exited(0), [false, true, false]],
  ['exit 2 (not in exitcodes since supervisor 4)', exited(2), [false, true, true]],
  ['exit 1', exited(1), [false, true, true]],
  ['SIGTERM', signaled('SIGTERM'), [false, true, true]],
  ['SIGKILL', signaled('SIGKILL'), [false, true, true]],
];
const SETTINGS: readonly Autorestart[] = [false, true, 'unexpected'];

describe('presets.supervisord: EXITED (the run reached RUNNING)', () => {
  const rows = cells(EXITED_TABLE, SETTINGS);

  it.each(rows)('$cause with autorestart=$setting: restarts=$restarts', ({ outcome, setting, restarts }) => {
    const decision = lastDecision(simulate(presets.supervisord({ autorestart: setting }), [run(outcome, LONG)]));
    expect(decision.action).toBe(restarts ? 'restart' : 'stop');
    if (decision.action === 'restart') expect(decision.delayMs).toBe(0);
    if (decision.action === 'stop') expect(decision.giveup).toBe(false);
  });

  it('restarts from RUNNING without limit', () => {
    expect(timeline(simulate(presets.supervisord(), times(50, run(exited(1), LONG))))).toEqual(Array<number>(50).fill(0));
  });

  it('exitcodes=0,2 makes exit 2 expected (supervisor 3.x default)', () => {
    expect(lastDecision(simulate(presets.supervisord({ exitcodes: [0, 2] }), [run(exited(2), LONG)]))).toMatchObject({ action: 'stop', failure: false });
  });

  it('defaults to autorestart=unexpected, exitcodes=0, startsecs=1, startretries=3', () => {
    expect(presets.supervisord().options).toEqual({ autorestart: 'unexpected', exitcodes: [0], startsecs: 1, startretries: 3 });
  });
});

// supervisord docs, "Process States": BACKOFF is "The process entered the STARTING state but subsequently exited too
// quickly to move to the RUNNING state"; "It will switch between STARTING and BACKOFF states until it becomes evident
// that it cannot be started because the number of startretries has exceeded the maximum, at which point it will
// transition to the FATAL state. Each start retry will take progressively more time." (1 s, 2 s, 3 s...: one more
// second per failed start.) Configuration, [program:x] startsecs: "The total number of seconds which the program
// needs to stay running after a startup to consider the start successful"; startretries: "The number of serial
// failure attempts that supervisord will allow when attempting to start the program before giving up and putting
// the process into an FATAL state".
describe('presets.supervisord: STARTING -> BACKOFF -> FATAL', () => {
  it.each<[string, presets.SupervisordPresetOptions, ExitOutcome, number[], (number | 'stop' | 'giveup')[]]>([
    ['startretries=3: retried after 1 s, 2 s, 3 s, then FATAL', {}, exited(1), Array<number>(6).fill(SHORT), [1000, 2000, 3000, 'giveup']],
    ['startretries=0: the first failed start is FATAL', { startretries: 0 }, exited(1), [SHORT, SHORT], ['giveup']],
    ['startretries=1', { startretries: 1 }, exited(1), [SHORT, SHORT, SHORT], [1000, 'giveup']],
    ['a quick exit 0 is a failed start too', {}, exited(0), Array<number>(5).fill(SHORT), [1000, 2000, 3000, 'giveup']],
    ['BACKOFF retries even with autorestart=false', { autorestart: false }, exited(0), [SHORT, SHORT, LONG], [1000, 2000, 'stop']],
    ['a spawn failure is a failed start', {}, spawnFailed('ENOENT'), [0, 0, 0, 0], [1000, 2000, 3000, 'giveup']],
    ['reaching RUNNING resets the retries', {}, exited(1), [SHORT, SHORT, LONG, SHORT, SHORT, SHORT, SHORT], [1000, 2000, 0, 1000, 2000, 3000, 'giveup']],
    ['a run of exactly startsecs is RUNNING', {}, exited(1), [1000, 999, 1000], [0, 1000, 0]],
    ['startsecs=0: every run is RUNNING', { startsecs: 0 }, exited(1), [0, 0, 0], [0, 0, 0]],
    ['startsecs=10: a 9 s run is a failed start', { startsecs: 10 }, exited(1), [9000, 9000], [1000, 2000]],
  ])('%s', (_name, options, outcome, runtimes, expected) => {
    const runs = runtimes.map((ms) => run(outcome, ms));
    expect(timeline(simulate(presets.supervisord(options), runs))).toEqual(expected);
  });

  it('says BACKOFF and FATAL in its reasons', () => {
    const steps = simulate(presets.supervisord({ startretries: 1 }), times(2, run(exited(1), SHORT)));
    expect(steps.map((s) => s.decision.reason)).toEqual([
      'BACKOFF: exited with code 1 after 200 ms, under startsecs 1000 ms',
      'FATAL: 2 failed starts in a row (startretries 1); last run exited with code 1 after 200 ms, under startsecs 1000 ms',
    ]);
    expect(steps.map((s) => s.decision.failure)).toEqual([true, true]);
  });
});

describe('presets.supervisord: options', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['autorestart "yes"', { autorestart: 'yes' }, 'autorestart', "true, false or 'unexpected'"],
    ['startretries -1', { startretries: -1 }, 'startretries', 'non-negative integer'],
    ['startsecs "1"', { startsecs: '1' }, 'startsecs', 'number of seconds'],
    ['exitcodes 256', { exitcodes: [256] }, 'exitcodes', 'integers from 0 to 255'],
    ['camelCased startRetries', { startRetries: 3 }, 'startRetries', '`startretries`'],
  ])('%s throws naming the option', (_name, options, option, fragment) => {
    const error = thrown(() => presets.supervisord(options as presets.SupervisordPresetOptions));
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ option, message: expect.stringContaining(fragment) });
  });
});
