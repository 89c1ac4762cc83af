import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, exited, presets, signaled, simulate, spawnFailed } from '@daemonkit/core';
import { lastDecision, run, thrown, timeline, times } from './helpers.js';

// forever-monitor README, "Options available when using Forever in node.js": max "Sets the maximum number of times a
// given script should run"; minUptime "Minimum time a child process has to be up. Forever will 'exit' otherwise";
// spinSleepTime "Interval between restarts if a child is spinning (i.e. alive < minUptime)". Its monitor restarts every
// exit whatever the code, and its spin tests expect one run without spinSleepTime and `max` runs with one.
describe('presets.forever', () => {
  it.each<[string, presets.ForeverPresetOptions, number[], (number | 'stop' | 'giveup')[]]>([
    ['no options: every exit is restarted at once', {}, Array<number>(30).fill(10), Array<number>(30).fill(0)],
    ['max 3: three runs', { max: 3 }, Array<number>(5).fill(60_000), [0, 0, 'giveup']],
    ['max 1: one run', { max: 1 }, [60_000, 60_000], ['giveup']],
    ['spinning without spinSleepTime: only one run', { minUptime: 2000, max: 3 }, [100, 100], ['giveup']],
    ['spinning with spinSleepTime: restarted after it, up to max', { minUptime: 2000, spinSleepTime: 1000, max: 3 }, [100, 100, 100], [1000, 1000, 'giveup']],
    ['a run of minUptime is not spinning', { minUptime: 2000 }, [2000, 1999], [0, 'giveup']],
    ['spinSleepTime without minUptime never applies', { spinSleepTime: 1 }, [0, 0, 0], [0, 0, 0]],
    ['spinSleepTime 0 counts as unset, as in forever-monitor', { minUptime: 2000, spinSleepTime: 0 }, [100], ['giveup']],
    ['a long run between spins restarts at once', { minUptime: 2000, spinSleepTime: 500 }, [100, 60_000, 100], [500, 0, 500]],
  ])('%s', (_name, options, runtimes, expected) => {
    expect(timeline(simulate(presets.forever(options), runtimes.map((ms) => run(exited(1), ms))))).toEqual(expected);
  });

  it.each([exited(0), exited(1), signaled('SIGTERM'), signaled('SIGKILL')])('restarts %j alike', (outcome) => {
    expect(timeline(simulate(presets.forever({ max: 2 }), times(3, run(outcome))))).toEqual([0, 'giveup']);
  });

  it('does not retry a command it cannot spawn', () => {
    expect(lastDecision(simulate(presets.forever(), [run(spawnFailed('ENOENT'), 0)]))).toMatchObject({ action: 'stop', giveup: true });
  });

  it('says spinning and max in its reasons', () => {
    expect(lastDecision(simulate(presets.forever({ minUptime: 2000 }), [run(exited(1), 50)])).reason).toBe(
      'spinning: exited with code 1 after 50 ms, under minUptime 2000 ms, and no spinSleepTime',
    );
    expect(lastDecision(simulate(presets.forever({ max: 2 }), times(2, run(exited(0), 50)))).reason).toBe('2 runs (max 2); last run exited with code 0 after 50 ms');
  });

  it('defaults to forever-monitor\'s: no max, minUptime 0, no spinSleepTime', () => {
    expect(presets.forever().options).toEqual({ max: Number.POSITIVE_INFINITY, minUptime: 0, spinSleepTime: undefined });
  });

  it.each<[Record<string, unknown>, string]>([
    [{ max: -1 }, 'max'],
    [{ minUptime: -5 }, 'minUptime'],
    [{ spinSleepTime: '1s' }, 'spinSleepTime'],
    [{ silent: true }, 'silent'],
  ])('rejects %j', (options, option) => {
    const error = thrown(() => presets.forever(options as presets.ForeverPresetOptions));
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ option, message: expect.stringContaining('presets.forever()') });
  });
});
