import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, exited, presets, signaled, simulate, spawnFailed } from '@daemonkit/core';
import { lastDecision, run, thrown, timeline, times } from './helpers.js';

// respawn README: "maxRestarts: how many restarts are allowed within 60s or -1 for infinite restarts" (restarting
// indefinitely by default), "sleep: time to sleep between restarts" (1000 ms); "If sleep is an array of numbers it will
// use the value at the position of the current number of restarts ... If the number of restarts exceed the length of
// the array it will use the last value"; "If sleep is a function it will be passed the number of times (including
// this one) that the app has been restarted (i.e. first time will be called with 1 ...)". Its monitor takes each
// run's uptime off a 60 s clock and starts the count over when the clock runs out; every exit is restarted.
describe('presets.respawn', () => {
  it.each<[string, presets.RespawnPresetOptions, number[], (number | 'stop' | 'giveup')[]]>([
    ['defaults: unlimited, 1000 ms apart', {}, Array<number>(30).fill(10), Array<number>(30).fill(1000)],
    ['maxRestarts 3: the 4th restart within 60 s gives up', { maxRestarts: 3 }, Array<number>(5).fill(10), [1000, 1000, 1000, 'giveup']],
    ['maxRestarts 0: no restart', { maxRestarts: 0 }, [10], ['giveup']],
    ['maxRestarts -1 is unlimited', { maxRestarts: -1 }, Array<number>(20).fill(10), Array<number>(20).fill(1000)],
    ['runs of 10 s: the third restart is within 60 s of run time', { maxRestarts: 2, sleep: 0 }, [10_000, 10_000, 10_000], [0, 0, 'giveup']],
    ['runs of 30 s: the clock runs out every second exit and the count starts over', { maxRestarts: 2, sleep: 0 }, Array<number>(9).fill(30_000), Array<number>(9).fill(0)],
    ['runs of 20 s: the count starts over at the 3rd exit, the 5th is one too many', { maxRestarts: 2, sleep: 0 }, Array<number>(9).fill(20_000), [0, 0, 0, 0, 'giveup']],
    ['sleeps do not count towards the 60 s', { maxRestarts: 2, sleep: 60_000 }, [10, 10, 10], [60_000, 60_000, 'giveup']],
    ['sleep list from the README', { sleep: [1000, 60_000, 60_000, 12_000, 1000] }, Array<number>(7).fill(10), [1000, 60_000, 60_000, 12_000, 1000, 1000, 1000]],
    ['the list index starts over with the clock', { sleep: [100, 200, 300] }, [10, 10, 60_000, 10], [100, 200, 100, 200]],
    ['sleep function gets 1, 2, 3...', { sleep: (n) => n * 250 }, [10, 10, 10], [250, 500, 750]],
    ['sleep 0 is 0 (respawn would read it as unset)', { sleep: 0 }, [10, 10], [0, 0]],
    ['a 0 in the list is 0 too', { sleep: [0, 500] }, [10, 10, 10], [0, 500, 500]],
  ])('%s', (_name, options, runtimes, expected) => {
    expect(timeline(simulate(presets.respawn(options), runtimes.map((ms) => run(exited(1), ms))))).toEqual(expected);
  });

  it.each([exited(0), signaled('SIGTERM'), signaled('SIGKILL')])('restarts %j like any exit', (outcome) => {
    expect(timeline(simulate(presets.respawn({ maxRestarts: 1 }), times(2, run(outcome))))).toEqual([1000, 1000]);
  });

  it('crashes on a spawn error, as respawn does', () => {
    expect(lastDecision(simulate(presets.respawn(), [run(spawnFailed('ENOENT'), 0)]))).toMatchObject({ action: 'stop', giveup: true, failure: true });
  });

  it('gives up when a sleep function returns no delay, naming the call', () => {
    const decision = lastDecision(simulate(presets.respawn({ sleep: () => Number.NaN }), [run(exited(1), 10)]));
    expect(decision).toMatchObject({ action: 'stop', giveup: true });
    expect(decision.reason).toContain('sleep(1) returned NaN');
  });

  it.each<[Record<string, unknown>, string, string]>([
    [{ maxRestarts: -2 }, 'maxRestarts', '-1 (unlimited)'],
    [{ maxRestarts: 1.5 }, 'maxRestarts', 'non-negative integer'],
    [{ sleep: [] }, 'sleep', 'non-empty array'],
    [{ sleep: [100, -1] }, 'sleep', 'non-negative number of milliseconds'],
    [{ sleep: '1s' }, 'sleep', 'a function of the restart count'],
    [{ kill: 30_000 }, 'kill', 'unknown option'],
  ])('rejects %j', (options, option, fragment) => {
    const error = thrown(() => presets.respawn(options as presets.RespawnPresetOptions));
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ option, message: expect.stringContaining(fragment) });
  });
});
