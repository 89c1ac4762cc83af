import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, exited, presets, signaled, simulate, spawnFailed, type ExitOutcome } from '@daemonkit/core';
import { lastDecision, run, thrown, timeline, times } from './helpers.js';

const STABLE = 60_000;
const UNSTABLE = 100; // under the default min_uptime of 1000 ms

// pm2 docs, "Restart strategies": apps "are automatically restarted on auto exit, event loop empty (node.js) or when
// application crash"; "No Auto Restart" (autorestart: false) for one-time scripts; "Skip Auto Restart For Specific
// Exit Codes" (stop_exit_codes). pm2 hands a signal death to this rule as exit code 0 in cluster mode (`code || 0`);
// daemonkit never does, so a SIGKILL is restarted even with stop_exit_codes [0].
describe('presets.pm2: which exits restart', () => {
  it.each<[string, presets.Pm2PresetOptions, ExitOutcome, 'restart' | 'stop', boolean]>([
    ['default: a clean exit 0 restarts', {}, exited(0), 'restart', false],
    ['default: a crash restarts', {}, exited(1), 'restart', true],
    ['default: a signal death restarts', {}, signaled('SIGKILL'), 'restart', true],
    ['autorestart false: a crash stops', { autorestart: false }, exited(1), 'stop', true],
    ['autorestart false: a clean exit stops', { autorestart: false }, exited(0), 'stop', false],
    ['stop_exit_codes [0]: exit 0 stops', { stopExitCodes: [0] }, exited(0), 'stop', false],
    ['stop_exit_codes [0]: exit 1 restarts', { stopExitCodes: [0] }, exited(1), 'restart', true],
    ['stop_exit_codes [0]: SIGKILL is no exit code 0, it restarts', { stopExitCodes: [0] }, signaled('SIGKILL'), 'restart', true],
    ['stop_exit_codes [0]: SIGSEGV restarts', { stopExitCodes: [0] }, signaled('SIGSEGV'), 'restart', true],
    ['stop_exit_codes [3, 78]: exit 78 stops', { stopExitCodes: [3, 78] }, exited(78), 'stop', true],
  ])('%s', (_name, options, outcome, action, failure) => {
    expect(lastDecision(simulate(presets.pm2(options), [run(outcome, STABLE)]))).toMatchObject({ action, failure });
  });

  it('defaults to autorestart true, max_restarts 16, min_uptime 1000 ms, restart_delay 0', () => {
    expect(presets.pm2().options).toEqual({
      autorestart: true,
      maxRestarts: 16,
      minUptime: 1000,
      restartDelay: 0,
      expBackoffRestartDelay: undefined,
      stopExitCodes: [],
    });
  });
});

// pm2 docs, application attributes: min_uptime "min uptime of the app to be considered started"; max_restarts
// "number of consecutive unstable restarts (less than 1sec interval or custom time via min_uptime) before your app is
// considered errored and stop being restarted" (default 16, as in God.handleExit: the exit that brings the count to
// max_restarts errors the app). restart_delay: "time to wait before restarting a crashed app", fixed.
describe('presets.pm2: max_restarts, min_uptime, restart_delay', () => {
  it.each<[string, presets.Pm2PresetOptions, number[], (number | 'stop' | 'giveup')[]]>([
    ['16 unstable runs in a row: errored after 15 restarts', {}, Array<number>(20).fill(UNSTABLE), [...Array<number>(15).fill(0), 'giveup']],
    ['stable runs never count', {}, Array<number>(40).fill(STABLE), Array<number>(40).fill(0)],
    ['max_restarts 3', { maxRestarts: 3 }, [UNSTABLE, UNSTABLE, UNSTABLE], [0, 0, 'giveup']],
    ['a stable run starts the count over', { maxRestarts: 3 }, [UNSTABLE, UNSTABLE, STABLE, UNSTABLE, UNSTABLE, UNSTABLE], [0, 0, 0, 0, 0, 'giveup']],
    ['min_uptime 5000: a 4999 ms run is unstable', { maxRestarts: 1, minUptime: 5000 }, [4999], ['giveup']],
    ['min_uptime 5000: a 5000 ms run is stable', { maxRestarts: 1, minUptime: 5000 }, [5000, 5000], [0, 0]],
    ['min_uptime 0: nothing is unstable', { maxRestarts: 1, minUptime: 0 }, [0, 0, 0], [0, 0, 0]],
    ['restart_delay 3000: a fixed wait', { restartDelay: 3000 }, [UNSTABLE, STABLE, UNSTABLE], [3000, 3000, 3000]],
  ])('%s', (_name, options, runtimes, expected) => {
    expect(timeline(simulate(presets.pm2(options), runtimes.map((ms) => run(exited(1), ms))))).toEqual(expected);
  });

  it('counts a spawn failure as unstable', () => {
    expect(timeline(simulate(presets.pm2({ maxRestarts: 2 }), times(3, run(spawnFailed('ENOENT'), 0))))).toEqual([0, 'giveup']);
  });

  it('says errored, with the count', () => {
    expect(lastDecision(simulate(presets.pm2({ maxRestarts: 2 }), times(2, run(exited(1), 40)))).reason).toBe(
      'errored: 2 unstable restarts (max_restarts 2); last run exited with code 1 after 40 ms (under min_uptime 1000 ms)',
    );
  });
});

// pm2 docs, "Restart strategies" > "Exponential Backoff Restart Delay": with exp_backoff_restart_delay 100 the logs
// show "will restart in 100ms", "150ms", "225ms": it "will increase in an exponential moving average, till reaching
// the maximum of 15000ms between restarts", and "when the application will then get back to a stable mode (uptime
// without restarts of more than 30 seconds), the restart delay will automatically reset". pm2's code (lib/God.js,
// handleExit) computes each delay from the previous one, prev_restart_delay: the first is exp_backoff_restart_delay
// as given, each next one floor(min(15000, prev * 1.5)); its Worker (lib/Worker.js) sets prev_restart_delay to 0
// when the app has been up more than EXP_BACKOFF_RESET_TIMER (30000 ms). Runs here are stable (no max_restarts
// effect) but short of 30 s, unless said.
describe('presets.pm2: exp_backoff_restart_delay', () => {
  const crash = run(exited(1), 2000);
  it.each<[string, presets.Pm2PresetOptions, number[], number[]]>([
    ['the documented 100, 150, 225 ms', { expBackoffRestartDelay: 100 }, [2000, 2000, 2000], [100, 150, 225]],
    ['x1.5 floored at each step, up to the 15 s cap', { expBackoffRestartDelay: 100 }, Array<number>(16).fill(2000), [100, 150, 225, 337, 505, 757, 1135, 1702, 2553, 3829, 5743, 8614, 12_921, 15_000, 15_000, 15_000]],
    ['an odd start floors from the first step', { expBackoffRestartDelay: 333 }, [2000, 2000, 2000], [333, 499, 748]],
    ['a run of more than 30 s starts it over', { expBackoffRestartDelay: 100 }, [2000, 2000, 30_001, 2000], [100, 150, 100, 150]],
    ['exactly 30 s does not (pm2: uptime > 30000)', { expBackoffRestartDelay: 100 }, [2000, 2000, 30_000], [100, 150, 225]],
    ['it overrides restart_delay', { expBackoffRestartDelay: 1000, restartDelay: 5000 }, [2000, 2000], [1000, 1500]],
    ['a start above 15 s is used once, then 15 s', { expBackoffRestartDelay: 20_000 }, [2000, 2000, 2000], [20_000, 15_000, 15_000]],
    ['unstable runs back off the same way', { expBackoffRestartDelay: 100, maxRestarts: 10 }, [10, 10, 10, 10], [100, 150, 225, 337]],
  ])('%s', (_name, options, runtimes, delays) => {
    expect(timeline(simulate(presets.pm2(options), runtimes.map((ms) => ({ ...crash, runtimeMs: ms }))))).toEqual(delays);
  });

  it("keeps the previous delay in its state, as pm2's prev_restart_delay", () => {
    const policy = presets.pm2({ expBackoffRestartDelay: 100 });
    expect(policy.initialState()).toEqual({ unstableRestarts: 0, prevRestartDelay: 0 });
    const first = policy.decide(policy.initialState(), { attempt: 1, startedAt: 0, endedAt: 2000, runtimeMs: 2000, outcome: exited(1), stopRequested: false }, { random: () => 0 });
    expect(first.state).toEqual({ unstableRestarts: 0, prevRestartDelay: 100 });
  });

  // pm2's rule, written out as a loop over the runs, against the preset.
  it('follows pm2: start, then floor(min(15000, prev * 1.5)), back to the start after more than 30 s up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.array(fc.oneof(fc.nat({ max: 29_000 }), fc.integer({ min: 29_999, max: 30_002 })), { maxLength: 30 }), (start, runtimes) => {
        let prev = 0;
        const expected = runtimes.map((ms) => {
          if (ms > 30_000) prev = 0;
          prev = prev === 0 ? start : Math.floor(Math.min(15_000, prev * 1.5));
          return prev;
        });
        const steps = simulate(presets.pm2({ expBackoffRestartDelay: start, minUptime: 0 }), runtimes.map((ms) => ({ ...crash, runtimeMs: ms })));
        expect(timeline(steps)).toEqual(expected);
      }),
    );
  });

  it('PM2_EXP_BACKOFF is x1.5, 15 s cap, no jitter, reset after 30 s', () => {
    expect(presets.PM2_EXP_BACKOFF).toEqual({ factor: 1.5, maxMs: 15_000, jitter: 0, resetAfterMs: 30_000 });
  });
});

describe('presets.pm2: options', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['the ecosystem spelling max_restarts', { max_restarts: 3 }, 'max_restarts', '`maxRestarts`'],
    ['the ecosystem spelling stop_exit_codes', { stop_exit_codes: [0] }, 'stop_exit_codes', '`stopExitCodes`'],
    ['min_uptime as a string', { minUptime: '1s' }, 'minUptime', 'milliseconds'],
    ['autorestart "false"', { autorestart: 'false' }, 'autorestart', 'a boolean'],
    ['exp_backoff_restart_delay 0', { expBackoffRestartDelay: 0 }, 'expBackoffRestartDelay', 'positive'],
  ])('%s throws naming the option', (_name, options, option, fragment) => {
    const error = thrown(() => presets.pm2(options as presets.Pm2PresetOptions));
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ option, message: expect.stringContaining(fragment) });
  });
});
