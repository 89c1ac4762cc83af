import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CLEAN_SIGNALS,
  RESTART_MODES,
  classifyExit,
  exited,
  modeRestarts,
  presets,
  restartPolicy,
  signaled,
  simulate,
  spawnFailed,
  type ExitClass,
  type ExitOutcome,
  type ProcessExit,
  type RestartMode,
} from '@daemonkit/core';

// systemd.service(5), "Table 2. Exit causes and the effect of the Restart= settings", written out here by hand
// (not derived from the source) so that the test checks the source against the manual. A spawn failure is an
// unclean exit code in systemd (status 203/EXEC); a readiness timeout is its "timeout" row; memory-limit has no
// systemd row and is treated like a watchdog kill except under on-watchdog. 'never' is systemd's `no`.
//                      always on-success on-failure on-abnormal on-abort on-watchdog never
const killed = signaled('SIGTERM');
const SYSTEMD_TABLE: ReadonlyArray<[string, ExitOutcome, ExitClass, boolean[]]> = [
  ['clean exit code', exited(0), 'clean', [true, true, false, false, false, false, false]],
  ['unclean exit code', exited(1), 'unclean-code', [true, false, true, false, false, false, false]],
  ['clean signal', signaled('SIGTERM'), 'clean', [true, true, false, false, false, false, false]],
  ['unclean signal', signaled('SIGKILL'), 'unclean-signal', [true, false, true, true, true, false, false]],
  ['spawn failure', spawnFailed('ENOENT'), 'spawn-failed', [true, false, true, false, false, false, false]],
  ['timeout', { kind: 'ready-timeout', timeoutMs: 1000, exit: killed }, 'timeout', [true, false, true, true, false, false, false]],
  ['watchdog', { kind: 'watchdog', timeoutMs: 1000, exit: killed }, 'watchdog', [true, false, true, true, false, true, false]],
  [
    'memory limit',
    { kind: 'memory-limit', rssBytes: 2e9, limitBytes: 1e9, exit: killed },
    'memory-limit',
    [true, false, true, true, false, false, false],
  ],
];
const MODES: readonly RestartMode[] = ['always', 'on-success', 'on-failure', 'on-abnormal', 'on-abort', 'on-watchdog', 'never'];

const rows = SYSTEMD_TABLE.flatMap(([cause, outcome, exitClass, restarts]) =>
  MODES.map((mode, i) => ({ cause, outcome, exitClass, mode, restarts: restarts[i] === true })),
);

describe('the systemd Restart= table', () => {
  it('covers every exit cause and every mode (56 cells)', () => {
    expect(rows).toHaveLength(56);
    expect([...RESTART_MODES].sort()).toEqual([...MODES].sort());
  });

  it.each(rows)('$cause under restart=$mode: restarts=$restarts (modeRestarts/classifyExit)', ({ outcome, exitClass, mode, restarts }) => {
    expect(classifyExit(outcome, [0])).toBe(exitClass);
    expect(modeRestarts(mode, classifyExit(outcome, [0]))).toBe(restarts);
  });

  it.each(rows)('$cause under restart=$mode: restarts=$restarts (restartPolicy via simulate)', ({ outcome, mode, restarts }) => {
    const steps = simulate(restartPolicy({ restart: mode }), [{ outcome, runtimeMs: 60_000 }]);
    expect(steps).toHaveLength(1);
    const decision = steps[0]?.decision;
    expect(decision?.action).toBe(restarts ? 'restart' : 'stop');
    if (decision?.action === 'stop') expect(decision.giveup).toBe(false);
  });
});

describe('classifyExit', () => {
  it.each<NodeJS.Signals>(['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGPIPE'])('%s is a clean signal', (signal) => {
    expect(classifyExit(signaled(signal), [0])).toBe('clean');
  });

  it('CLEAN_SIGNALS are exactly systemd\'s four and are frozen', () => {
    expect([...CLEAN_SIGNALS].sort()).toEqual(['SIGHUP', 'SIGINT', 'SIGPIPE', 'SIGTERM']);
    expect(Object.isFrozen(CLEAN_SIGNALS)).toBe(true);
  });

  it.each<NodeJS.Signals>(['SIGKILL', 'SIGSEGV', 'SIGABRT', 'SIGQUIT', 'SIGUSR1'])('%s is an unclean signal', (signal) => {
    expect(classifyExit(signaled(signal), [0])).toBe('unclean-signal');
  });

  it.each([
    [0, [0], 'clean'],
    [1, [0], 'unclean-code'],
    [2, [0, 2], 'clean'],
    [3, [0, 2], 'unclean-code'],
    [255, [0], 'unclean-code'],
  ] as const)('exit code %i with successExitCodes %j is %s', (code, success, expected) => {
    expect(classifyExit(exited(code), success)).toBe(expected);
  });

  it('successExitCodes never turn a signal or a spawn failure clean', () => {
    expect(classifyExit(signaled('SIGKILL'), [0, 9, 137])).toBe('unclean-signal');
    expect(classifyExit(spawnFailed('EACCES'), [0])).toBe('spawn-failed');
  });
});

describe('successExitCodes through the policy', () => {
  it('an extra success code is a clean exit: on-failure stops, on-success restarts', () => {
    const runs = [{ outcome: exited(2), runtimeMs: 60_000 }];
    const failing = simulate(restartPolicy({ restart: 'on-failure', successExitCodes: [0, 2] }), runs);
    const success = simulate(restartPolicy({ restart: 'on-success', successExitCodes: [0, 2] }), runs);
    expect(failing[0]?.decision).toMatchObject({ action: 'stop', failure: false, giveup: false });
    expect(success[0]?.decision).toMatchObject({ action: 'restart', failure: false });
  });

  it.each([
    ['clean', exited(0), false],
    ['unclean-code', exited(1), true],
    ['unclean-signal', signaled('SIGSEGV'), true],
    ['spawn-failed', spawnFailed('ENOENT'), true],
  ] as const)('a %s run has failure=%s under always', (_class, outcome, failure) => {
    const steps = simulate(restartPolicy({ restart: 'always' }), [{ outcome, runtimeMs: 60_000 }]);
    expect(steps[0]?.decision).toMatchObject({ action: 'restart', failure });
  });
});

describe('signal names are typed NodeJS.Signals wherever they flow', () => {
  it('in ProcessExit, signaled(), CLEAN_SIGNALS and the presets\' ExitStatus', () => {
    expectTypeOf<Extract<ProcessExit, { kind: 'signaled' }>['signal']>().toEqualTypeOf<NodeJS.Signals>();
    expectTypeOf(signaled).parameter(0).toEqualTypeOf<NodeJS.Signals>();
    expectTypeOf(CLEAN_SIGNALS).toEqualTypeOf<readonly NodeJS.Signals[]>();
    expectTypeOf<presets.ExitStatus>().toEqualTypeOf<number | NodeJS.Signals>();
    // @ts-expect-error: not a signal name
    signaled('SIGFOO');
    // @ts-expect-error: not a signal name (and rejected at run time too)
    expect(() => presets.systemd({ successExitStatus: ['SIGFOO'] })).toThrow('successExitStatus');
  });
});
