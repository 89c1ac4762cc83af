import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BACKOFF,
  DEFAULT_MAX_SPAWN_FAILURES,
  InvalidOptionsError,
  Supervisor,
  restartPolicy,
  xdaemonPolicy,
  type RestartPolicyOptions,
  type SupervisorOptions,
  type XdaemonPolicyOptions,
} from '@daemonkit/core';
import { createOptionsParser } from '../../src/options/parse-options.js';

// Runs `thunk`, which must throw synchronously, and returns what it threw.
function thrown(thunk: () => unknown): unknown {
  try {
    thunk();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, got none');
}

// Cast for inputs the types already reject: the runtime check is what is under test.
const loose = <T>(o: Record<string, unknown>): T => o as T;
const rp = (o: Record<string, unknown>) => () => restartPolicy(loose<RestartPolicyOptions>(o));
const xp = (o: Record<string, unknown>) => () => xdaemonPolicy(loose<XdaemonPolicyOptions>(o));
const sv = (o: Record<string, unknown>) => () => new Supervisor(loose<SupervisorOptions>(o));

describe('invalid options throw InvalidOptionsError at once', () => {
  // thunk, option (dotted path), fragments the message must contain
  it.each<[string, () => unknown, string, string[]]>([
    ['maxRestarts -1', rp({ maxRestarts: -1 }), 'maxRestarts', ['restartPolicy()', '`maxRestarts`', 'non-negative integer or Infinity', '`-1` (number)']],
    ['maxConsecutiveFailures 1.5', rp({ maxConsecutiveFailures: 1.5 }), 'maxConsecutiveFailures', ['non-negative integer or Infinity', '`1.5` (number)']],
    ['maxSpawnFailures -1', rp({ maxSpawnFailures: -1 }), 'maxSpawnFailures', ['non-negative integer or Infinity', '`-1` (number)']],
    ['maxSpawnFailures "3"', rp({ maxSpawnFailures: '3' }), 'maxSpawnFailures', ['`"3"` (string)']],
    ['maxRestarts -Infinity', rp({ maxRestarts: Number.NEGATIVE_INFINITY }), 'maxRestarts', ['`-Infinity` (number)']],
    ['maxRestarts NaN', rp({ maxRestarts: Number.NaN }), 'maxRestarts', ['`NaN` (number)']],
    ['restart mode', rp({ restart: 'sometimes' }), 'restart', ["one of 'always', 'on-success', 'on-failure', 'on-abnormal', 'on-abort', 'on-watchdog', 'never'", '`"sometimes"` (string)']],
    ['restart "no" (systemd spelling)', rp({ restart: 'no' }), 'restart', ["'never'", '`"no"` (string)']],
    ['successExitCodes 256', rp({ successExitCodes: [0, 256] }), 'successExitCodes', ['integers from 0 to 255', '`[0,256]` (array)']],
    ['preventExitCodes not an array', rp({ preventExitCodes: 78 }), 'preventExitCodes', ['an array of exit codes', '`78` (number)']],
    ['forceExitCodes with a string', rp({ forceExitCodes: ['1'] }), 'forceExitCodes', ['`["1"]` (array)']],
    ['minUptimeMs negative', rp({ minUptimeMs: -5 }), 'minUptimeMs', ['non-negative finite number of milliseconds', '`-5` (number)']],
    ['minUptimeMs Infinity', rp({ minUptimeMs: Number.POSITIVE_INFINITY }), 'minUptimeMs', ['finite', '`Infinity` (number)']],
    ['minUptimeMs a string', rp({ minUptimeMs: '5s' }), 'minUptimeMs', ['`"5s"` (string)']],
    ['nested backoff.maxMs', rp({ backoff: { maxMs: -1 } }), 'backoff.maxMs', ['`backoff.maxMs`', 'non-negative finite number of milliseconds', '`-1` (number)']],
    ['nested backoff.factor', rp({ backoff: { factor: 0.5 } }), 'backoff.factor', ['`backoff.factor`', '>= 1', '`0.5` (number)']],
    ['nested backoff.jitter', rp({ backoff: { jitter: 1.5 } }), 'backoff.jitter', ['from 0 to 1', '`1.5` (number)']],
    ['backoff negative', rp({ backoff: -1 }), 'backoff', ['a non-negative delay in milliseconds or a backoff object', '`-1` (number)']],
    ['backoff null', rp({ backoff: null }), 'backoff', ['`null` (null)']],
    ['window.periodMs 0', rp({ window: { maxRestarts: 3, periodMs: 0 } }), 'window.periodMs', ['`window.periodMs`', 'positive finite number of milliseconds', '`0` (number)']],
    ['window.periodMs missing', rp({ window: { maxRestarts: 3 } }), 'window.periodMs', ['`undefined` (undefined)']],
    ['window.maxRestarts -1', rp({ window: { maxRestarts: -1, periodMs: 10 } }), 'window.maxRestarts', ['non-negative integer or Infinity']],
    ['window not an object', rp({ window: 5 }), 'window', ['expected `window` to be an object', '`5` (number)']],
    ['window null', rp({ window: null }), 'window', ['expected `window` to be an object', '`null` (null)']],
    ['unknown key', rp({ restarts: 3 }), 'restarts', ['unknown option `restarts`']],
    ['unknown nested key', rp({ backoff: { steps: 5 } }), 'backoff.steps', ['unknown option `backoff.steps`']],
    ['an inherited name is no rename', rp({ constructor: 5 }), 'constructor', ['unknown option `constructor`']],
    ['unknown key in window', rp({ window: { maxRestarts: 1, periodMs: 5, burst: 2 } }), 'window.burst', ['unknown option `window.burst`']],
    ['a bad value is reported before an unknown key', rp({ nope: 1, maxRestarts: -1 }), 'maxRestarts', ['`-1` (number)']],
    ['renamed minUptime', rp({ minUptime: 1000 }), 'minUptime', ['`minUptime`', '`minUptimeMs`']],
    ['renamed restartDelay', rp({ restartDelay: 100 }), 'restartDelay', ['`backoff`']],
    ['renamed maxRetries', rp({ maxRetries: 3 }), 'maxRetries', ['`maxRestarts`']],
    ['options not an object', () => restartPolicy(5 as never), 'options', ['expected options to be an object', '`5` (number)']],
    ['xdaemon maxCount 1.5', xp({ maxCount: 1.5 }), 'maxCount', ['xdaemonPolicy()', '`maxCount`', 'non-negative integer', '`1.5` (number)']],
    ['xdaemon maxCount Infinity (0 is unlimited)', xp({ maxCount: Number.POSITIVE_INFINITY }), 'maxCount', ['`Infinity` (number)']],
    ['xdaemon maxError -1', xp({ maxError: -1 }), 'maxError', ['`maxError`', '`-1` (number)']],
    ['xdaemon minExitTime "10"', xp({ minExitTime: '10' }), 'minExitTime', ['non-negative finite number of seconds', '`"10"` (string)']],
    ['xdaemon renamed MaxError', xp({ MaxError: 3 }), 'MaxError', ['`MaxError`', '`maxError`']],
    ['xdaemon unknown key', xp({ logFile: 'x' }), 'logFile', ['unknown option `logFile`']],
    ['Supervisor command ""', sv({ command: '' }), 'command', ['new Supervisor()', '`command`', 'non-empty string', '`""` (string)']],
    ['Supervisor no command', sv({}), 'command', ['`undefined` (undefined)']],
    ['Supervisor killTimeoutMs -1', sv({ command: 'x', killTimeoutMs: -1 }), 'killTimeoutMs', ['`killTimeoutMs`', 'non-negative finite number of milliseconds', '`-1` (number)']],
    ['Supervisor killSignal SIGFOO', sv({ command: 'x', killSignal: 'SIGFOO' }), 'killSignal', ['`killSignal`', "'SIGTERM'", '`"SIGFOO"` (string)']],
    ['Supervisor args not strings', sv({ command: 'x', args: ['a', 1] }), 'args', ['an array of strings', '`["a",1]` (array)']],
    ['Supervisor policy without decide', sv({ command: 'x', policy: { initialState: () => 0 } }), 'policy', ['a policy']],
    ['Supervisor stdio with logFile', sv({ command: 'x', stdio: 'pipe', logFile: 'out.log' }), 'stdio', ['`stdio`', '`logFile`', 'cannot both be set']],
    ['Supervisor renamed killTimeout', sv({ command: 'x', killTimeout: 10 }), 'killTimeout', ['`killTimeoutMs`']],
  ])('%s', (_name, thunk, option, fragments) => {
    const error = thrown(thunk);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toBeInstanceOf(TypeError);
    if (!(error instanceof InvalidOptionsError)) return;
    expect(error.name).toBe('InvalidOptionsError');
    expect(error.option).toBe(option);
    for (const fragment of fragments) expect(error.message).toContain(fragment);
  });

  it('the message reads as one sentence: where, what was expected, what was received', () => {
    expect(rp({ maxRestarts: -1 })).toThrow(
      'restartPolicy(): expected `maxRestarts` to be a non-negative integer or Infinity, got `-1` (number)',
    );
    expect(rp({ minUptime: 5 })).toThrow('restartPolicy(): option `minUptime` is named `minUptimeMs`');
  });

  it('long received values are shortened', () => {
    const error = thrown(rp({ successExitCodes: Array.from({ length: 100 }, () => 300) }));
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as Error).message).toMatch(/got `\[300,300.*\.\.\.` \(array\)$/);
  });
});

// What people coming from other backoff libraries and supervisors write first: each gets our name for it.
describe('renamed options say what they are called here', () => {
  it.each<[Record<string, unknown>, string, string]>([
    [{ backoff: { initial: 100 } }, 'backoff.initial', 'backoff.initialMs'],
    [{ backoff: { initialDelay: 100 } }, 'backoff.initialDelay', 'backoff.initialMs'],
    [{ backoff: { initialDelayMs: 100 } }, 'backoff.initialDelayMs', 'backoff.initialMs'],
    [{ backoff: { startingDelay: 100 } }, 'backoff.startingDelay', 'backoff.initialMs'],
    [{ backoff: { minTimeout: 100 } }, 'backoff.minTimeout', 'backoff.initialMs'],
    [{ backoff: { delay: 100 } }, 'backoff.delay', 'backoff.initialMs'],
    [{ backoff: { max: 5000 } }, 'backoff.max', 'backoff.maxMs'],
    [{ backoff: { maxDelay: 5000 } }, 'backoff.maxDelay', 'backoff.maxMs'],
    [{ backoff: { maxTimeout: 5000 } }, 'backoff.maxTimeout', 'backoff.maxMs'],
    [{ backoff: { multiplier: 2 } }, 'backoff.multiplier', 'backoff.factor'],
    [{ backoff: { timeMultiple: 2 } }, 'backoff.timeMultiple', 'backoff.factor'],
    [{ backoff: { randomizationFactor: 0.5 } }, 'backoff.randomizationFactor', 'backoff.jitter'],
    [{ backoff: { reset: 1000 } }, 'backoff.reset', 'backoff.resetAfterMs'],
    [{ backoff: { resetAfter: 1000 } }, 'backoff.resetAfter', 'backoff.resetAfterMs'],
    [{ window: { max: 5, periodMs: 1000 } }, 'window.max', 'window.maxRestarts'],
    [{ window: { intensity: 5, periodMs: 1000 } }, 'window.intensity', 'window.maxRestarts'],
    [{ window: { maxRestarts: 5, period: 1000 } }, 'window.period', 'window.periodMs'],
    [{ window: { maxRestarts: 5, interval: 1000 } }, 'window.interval', 'window.periodMs'],
    [{ window: { maxRestarts: 5, within: 1000 } }, 'window.within', 'window.periodMs'],
    [{ delay: 100 }, 'delay', 'backoff'],
    [{ maxFailures: 3 }, 'maxFailures', 'maxConsecutiveFailures'],
  ])('%j: `%s` is named `%s`', (options, option, name) => {
    const error = thrown(rp(options));
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ option, message: `restartPolicy(): option \`${option}\` is named \`${name}\`` });
  });

  it('a window name is renamed only inside the window', () => {
    expect(rp({ period: 1000 })).toThrow('restartPolicy(): unknown option `period`');
  });
});

describe('createOptionsParser: renamed names and hints', () => {
  const parse = createOptionsParser(
    'new Supervisor()',
    (z) => z.strictObject({ command: z.optional(z.custom<string>((v) => typeof v === 'string', { error: 'a string' })), nested: z.optional(z.strictObject({ a: z.optional(z.custom<number>((v) => typeof v === 'number')) })) }),
    {
      cmd: 'command',
      restart: { hint: 'policy: restartPolicy({ restart })' },
      maxRestarts: { hint: 'policy: restartPolicy({ maxRestarts })' },
      b: 'a',
      'nested.c': { hint: 'nested.a' },
    },
  );

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a string still names the option', { cmd: 'x' }, 'cmd', 'new Supervisor(): option `cmd` is named `command`'],
    ['a hint says what to write instead', { restart: 'always' }, 'restart', 'new Supervisor(): unknown option `restart`: use `policy: restartPolicy({ restart })`'],
    ['another hint', { maxRestarts: 3 }, 'maxRestarts', 'new Supervisor(): unknown option `maxRestarts`: use `policy: restartPolicy({ maxRestarts })`'],
    ['a bare name matches at any depth', { nested: { b: 1 } }, 'nested.b', 'new Supervisor(): option `nested.b` is named `nested.a`'],
    ['a dotted key matches that path only', { nested: { c: 1 } }, 'nested.c', 'new Supervisor(): unknown option `nested.c`: use `nested.a`'],
    ['the dotted key does not match elsewhere', { c: 1 }, 'c', 'new Supervisor(): unknown option `c`'],
    ['an unlisted name is unknown', { nope: 1 }, 'nope', 'new Supervisor(): unknown option `nope`'],
    ['a renamed key is reported before a bad value', { command: 5, cmd: 'x' }, 'cmd', 'new Supervisor(): option `cmd` is named `command`'],
    ['a bad value is reported before an unknown key', { command: 5, nope: 1 }, 'command', 'new Supervisor(): expected `command` to be a string, got `5` (number)'],
    ['an Object.prototype name is unknown', { toString: 1 }, 'toString', 'new Supervisor(): unknown option `toString`'],
  ])('%s', (_name, input, option, message) => {
    const error = thrown(() => parse(input));
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ option, message });
  });

  it('prefixes nested parsers\' paths', () => {
    expect(() => parse({ restart: 1 }, 'outer')).toThrow('new Supervisor(): unknown option `outer.restart`: use `policy: restartPolicy({ restart })`');
  });
});

describe('valid options', () => {
  it('Infinity is accepted for every limit', () => {
    const unlimited = Number.POSITIVE_INFINITY;
    const { options } = restartPolicy({ maxRestarts: unlimited, maxConsecutiveFailures: unlimited, window: { maxRestarts: unlimited, periodMs: 1000 } });
    expect(options).toMatchObject({ maxRestarts: unlimited, maxConsecutiveFailures: unlimited, window: { maxRestarts: unlimited, periodMs: 1000 } });
  });

  it('restartPolicy() resolves every default, frozen', () => {
    const { options } = restartPolicy();
    expect(options).toEqual({
      restart: 'on-failure',
      successExitCodes: [0],
      preventExitCodes: [],
      forceExitCodes: [],
      minUptimeMs: 0,
      maxRestarts: Number.POSITIVE_INFINITY,
      maxConsecutiveFailures: Number.POSITIVE_INFINITY,
      maxSpawnFailures: DEFAULT_MAX_SPAWN_FAILURES,
      window: undefined,
      backoff: DEFAULT_BACKOFF,
    });
    expect(Object.isFrozen(options)).toBe(true);
    expect(Object.isFrozen(options.successExitCodes)).toBe(true);
  });

  it('a partial backoff takes the rest from DEFAULT_BACKOFF; explicit undefined fields are dropped', () => {
    const { backoff } = restartPolicy({ backoff: { initialMs: 500, jitter: 0 } }).options;
    expect(backoff).toEqual({ ...DEFAULT_BACKOFF, initialMs: 500, jitter: 0 });
    const withUndefined = restartPolicy(loose<RestartPolicyOptions>({ backoff: { maxMs: undefined } })).options.backoff;
    expect(withUndefined).toEqual(DEFAULT_BACKOFF);
  });

  it('the caller\'s arrays are copied, not kept', () => {
    const codes = [0, 2];
    const { options } = restartPolicy({ successExitCodes: codes });
    codes.push(3);
    expect(options.successExitCodes).toEqual([0, 2]);
  });

  it('xdaemonPolicy accepts xdaemon\'s range, fractional seconds included', () => {
    expect(xdaemonPolicy({ maxCount: 0, maxError: 0, minExitTime: 0 }).options).toEqual({ maxCount: 0, maxError: 0, minExitTime: 0 });
    expect(xdaemonPolicy({ minExitTime: 2.5 }).options).toEqual({ maxCount: 0, maxError: 3, minExitTime: 2.5 });
  });

  it('a Supervisor is constructed, idle, from valid options without spawning', () => {
    let spawned = 0;
    const supervisor = new Supervisor({
      command: 'node',
      args: ['worker.js'],
      stdio: 'ignore',
      killSignal: 'SIGINT',
      killTimeoutMs: 0,
      spawner: { spawn: () => { spawned += 1; throw new Error('must not spawn'); } },
    });
    expect(supervisor.state).toBe('idle');
    expect(supervisor.commandLine).toBe('node worker.js');
    expect(spawned).toBe(0);
  });
});
