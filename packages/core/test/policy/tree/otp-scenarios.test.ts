import { describe, expect, it } from 'vitest';
import { exited, presets, signaled, simulate, spawnFailed, type ExitOutcome } from '@daemonkit/core';
import { decideTree, initialTreeState } from '../../../src/policy/tree/decide.js';
import { simulateTree, type SimulatedTreeEvent } from '../../../src/policy/tree/simulate.js';
import type { TreeEvent, TreeIntensity, TreeStrategy } from '../../../src/policy/tree/types.js';
import { at, completed, model, restartWanted, summary } from './helpers.js';

// Scenarios of Erlang/OTP's own supervisor test suite (erlang/otp, lib/stdlib/test/supervisor_SUITE.erl; the
// `significant` group is from OTP 24 on), transcribed as data and run through the pure tree decision. Each row names
// the OTP test case it comes from. Left out as foreign to this model: simple_one_for_one, the child-spec API
// (start_child, restart_child, delete_child, which_children, count_children), hibernation, code change, shutdown
// timeouts, logging. The supervisor's own code read alongside: lib/stdlib/src/supervisor.erl.
//
// How OTP maps onto this model, and where it differs on purpose (each is tested as *our* behaviour):
// - Exit reasons. OTP's `normal` is exit code 0 here, `shutdown` and `{shutdown, Term}` a death by SIGHUP, SIGINT,
//   SIGTERM or SIGPIPE; anything else (another code, SIGKILL, a failed spawn) is abnormal. A restart type lives in the
//   child's own policy (presets.otp's mapping, used below): what it restarts becomes a `restart-wanted` event, what
//   it does not becomes `child-stopped completed`.
// - Time. OTP keeps restart times in whole seconds (erlang:monotonic_time(1)) and keeps one with
//   `Now =< Then + Period` (supervisor.erl, inPeriod/3): a restart exactly Period seconds old still counts. Here times
//   are in ms and a restart exactly `periodMs` old has left the window.
// - A failed (re)start. OTP retries it at once, and each retry counts a restart (restart/2 calls add_restart/1 again
//   through try_again_restart). Here a spawn failure ends the child's run; its policy's `restart-wanted` counts alike.
// - Children stopped for good. OTP's one_for_all and rest_for_one start again every child that still has a spec, even
//   one with no process (a transient child that ended normally, or one stopped through terminate_child): see `tree`,
//   where supchild3 comes back. Here such a child stays stopped: a strategy never stops or starts it.
// - Completion. By default (auto_shutdown = never) an OTP supervisor whose children all ended normally stays up,
//   empty. Here the tree completes when every child has stopped for good, like OTP's auto_shutdown = all_significant
//   with every child significant; there is no per-child significance.
// - Intensity. OTP rejects an intensity of `infinity` (sup_flags); here `maxRestarts: Infinity` never gives up.
//   OTP's default is 1 restart within 5 s; this model's is 5 within 10 s (DEFAULT_TREE_INTENSITY).

/** OTP's sup flags: at most `maxRestarts` restarts within `periodS` seconds. */
const sup = (maxRestarts: number, periodS: number): TreeIntensity => ({ maxRestarts, periodMs: periodS * 1000 });

/** The event a child's own policy makes of an exit, for an OTP restart type (presets.otp, its intensity out of the way). */
function childEvent(child: string, restart: presets.OtpRestart, outcome: ExitOutcome): TreeEvent {
  const [step] = simulate(presets.otp({ restart, intensity: 1_000_000, period: 1 }), [{ outcome, runtimeMs: 20 }]);
  if (!step) throw new Error('no decision');
  const d = step.decision;
  return d.action === 'restart'
    ? { kind: 'restart-wanted', child, delayMs: d.delayMs, reason: d.reason }
    : { kind: 'child-stopped', child, reason: d.giveup ? 'giveup' : 'completed', detail: d.reason };
}

/** OTP's `terminate(..., abnormal)` / `exit(Pid, die)` on a permanent child. */
const crash = (child: string) => childEvent(child, 'permanent', exited(1));
/** A permanent child whose restart fails (OTP: supervisor_1:start_child with `error`, supervisor_3 answering `{stop, normal}`). */
const startFails = (child: string) => childEvent(child, 'permanent', spawnFailed('ENOENT'));

interface Scenario {
  readonly otp: string;
  readonly strategy: TreeStrategy;
  readonly intensity: TreeIntensity;
  readonly children: readonly string[];
  readonly temporary?: readonly string[];
  readonly events: readonly SimulatedTreeEvent[];
  readonly expected: readonly string[];
}

const run = (s: Scenario) =>
  simulateTree({ strategy: s.strategy, intensity: s.intensity, children: s.children, temporary: s.temporary ?? [] }, s.events).map((step) =>
    summary(step.action),
  );

describe('OTP supervisor_SUITE: restart strategies and intensity', () => {
  const rows: Scenario[] = [
    {
      // Only the dead child restarts; two restarts are within {2, 3600}, the third is one too many.
      otp: 'one_for_one',
      strategy: 'one-for-one',
      intensity: sup(2, 3600),
      children: ['child1', 'child2'],
      events: [at(0, crash('child1')), at(100, crash('child2')), at(200, crash('child2'))],
      expected: ['restart child1: stop [] start [child1]', 'restart child2: stop [] start [child2]', 'giveup child2'],
    },
    {
      // child2 is terminated and both restart; a group restart counts once, so two of them fit in {2, 3600}.
      otp: 'one_for_all',
      strategy: 'one-for-all',
      intensity: sup(2, 3600),
      children: ['child1', 'child2'],
      events: [at(0, crash('child1')), at(100, crash('child2')), at(200, crash('child2'))],
      expected: ['restart child1: stop [child2] start [child1,child2]', 'restart child2: stop [child1] start [child1,child2]', 'giveup child2'],
    },
    {
      // child2 dies: child3 is terminated, child1 lives on; the last child restarts alone.
      otp: 'rest_for_one',
      strategy: 'rest-for-one',
      intensity: sup(2, 3600),
      children: ['child1', 'child2', 'child3'],
      events: [at(0, crash('child2')), at(100, crash('child3')), at(200, crash('child2'))],
      expected: ['restart child2: stop [child3] start [child2,child3]', 'restart child3: stop [] start [child3]', 'giveup child2'],
    },
    {
      // Ids not in alphabetical order: the third dies, the fifth then the fourth are terminated, all three restart in
      // start order.
      otp: 'order_of_children',
      strategy: 'rest-for-one',
      intensity: sup(2, 3600),
      children: ['ch7', 'ch3', 'ch10', 'ch2', 'ch5'],
      events: [at(0, crash('ch10'))],
      expected: ['restart ch10: stop [ch5,ch2] start [ch10,ch2,ch5]'],
    },
    {
      // child1 cannot be started again: every retry counts, the fifth restart within {4, 3600} gives the tree up
      // (and child2, untouched until then, is stopped with it).
      otp: 'one_for_one_escalation',
      strategy: 'one-for-one',
      intensity: sup(4, 3600),
      children: ['child1', 'child2'],
      events: [at(0, crash('child1')), ...[10, 20, 30, 40].map((ms) => at(ms, startFails('child1')))],
      expected: [...Array<string>(4).fill('restart child1: stop [] start [child1]'), 'giveup child1'],
    },
    {
      // child1 dies, child2 cannot be started again: each retry of child2 restarts child1 with it.
      otp: 'one_for_all_escalation',
      strategy: 'one-for-all',
      intensity: sup(4, 3600),
      children: ['child1', 'child2'],
      events: [at(0, crash('child1')), ...[10, 20, 30, 40].map((ms) => at(ms, startFails('child2')))],
      expected: [
        'restart child1: stop [child2] start [child1,child2]',
        ...Array<string>(3).fill('restart child2: stop [child1] start [child1,child2]'),
        'giveup child2',
      ],
    },
    {
      // As above, but a retry of the last child restarts it alone.
      otp: 'rest_for_one_escalation',
      strategy: 'rest-for-one',
      intensity: sup(4, 3600),
      children: ['child1', 'child2'],
      events: [at(0, crash('child1')), ...[10, 20, 30, 40].map((ms) => at(ms, startFails('child2')))],
      expected: ['restart child1: stop [child2] start [child1,child2]', ...Array<string>(3).fill('restart child2: stop [] start [child2]'), 'giveup child2'],
    },
    {
      // child1 dies, child2 fails to start once: the just-restarted child1 is terminated again and both restart.
      otp: 'one_for_all_other_child_fails_restart',
      strategy: 'one-for-all',
      intensity: sup(3, 3600),
      children: ['child1', 'child2'],
      events: [at(0, crash('child1')), at(10, startFails('child2'))],
      expected: ['restart child1: stop [child2] start [child1,child2]', 'restart child2: stop [child1] start [child1,child2]'],
    },
    {
      // child1 dies, child2 fails to start once: child2 alone is retried, child1 is not restarted again.
      otp: 'rest_for_one_other_child_fails_restart',
      strategy: 'rest-for-one',
      intensity: sup(3, 3600),
      children: ['child1', 'child2'],
      events: [at(0, crash('child1')), at(10, startFails('child2'))],
      expected: ['restart child1: stop [child2] start [child1,child2]', 'restart child2: stop [] start [child2]'],
    },
    {
      // {1, 1}: a crash every 2.1 s never has two restarts within a second.
      otp: 'multiple_restarts',
      strategy: 'one-for-one',
      intensity: sup(1, 1),
      children: ['child1'],
      events: [0, 2100, 4200, 6300].map((ms) => at(ms, crash('child1'))),
      expected: Array<string>(4).fill('restart child1: stop [] start [child1]'),
    },
    {
      // Difference: OTP, in whole seconds, counts crashes at 0 s and 1 s as two within a period of 1 s and shuts down;
      // here the first restart is exactly periodMs old at 1000 ms and has left the window.
      otp: 'multiple_restarts (at exactly the period)',
      strategy: 'one-for-one',
      intensity: sup(1, 1),
      children: ['child1'],
      events: [0, 1000, 2000].map((ms) => at(ms, crash('child1'))),
      expected: Array<string>(3).fill('restart child1: stop [] start [child1]'),
    },
    {
      otp: 'multiple_restarts (1 ms within the period)',
      strategy: 'one-for-one',
      intensity: sup(1, 1),
      children: ['child1'],
      events: [0, 999].map((ms) => at(ms, crash('child1'))),
      expected: ['restart child1: stop [] start [child1]', 'giveup child1'],
    },
    {
      // The permanent child1 ends normally and is restarted; OTP terminates the temporary child2 and does not start it
      // again (which_children is then [child1]): it is in `stop` and not in `start`.
      otp: 'temporary_bystander (one_for_all)',
      strategy: 'one-for-all',
      intensity: sup(2, 300),
      children: ['child1', 'child2'],
      temporary: ['child2'],
      events: [at(0, childEvent('child1', 'permanent', exited(0)))],
      expected: ['restart child1: stop [child2] start [child1]'],
    },
    {
      otp: 'temporary_bystander (rest_for_one)',
      strategy: 'rest-for-one',
      intensity: sup(2, 300),
      children: ['child1', 'child2'],
      temporary: ['child2'],
      events: [at(0, childEvent('child1', 'permanent', exited(0)))],
      expected: ['restart child1: stop [child2] start [child1]'],
    },
    {
      // OTP-9212: a permanent worker that exits normally, or is killed, under a one_for_all {3, 60} is restarted.
      otp: 'simple_global_supervisor (exit_worker, kill_worker)',
      strategy: 'one-for-all',
      intensity: sup(3, 60),
      children: ['child'],
      events: [at(0, childEvent('child', 'permanent', exited(0))), at(200, childEvent('child', 'permanent', signaled('SIGKILL')))],
      expected: ['restart child: stop [] start [child]', 'restart child: stop [] start [child]'],
    },
    {
      // sup_flags: OTP rejects {one_for_one, infinity, 3600}. Here maxRestarts: Infinity is allowed and never gives up.
      otp: 'sup_flags (intensity infinity)',
      strategy: 'one-for-one',
      intensity: { maxRestarts: Number.POSITIVE_INFINITY, periodMs: 3_600_000 },
      children: ['child1'],
      events: Array.from({ length: 100 }, () => at(0, crash('child1'))),
      expected: Array<string>(100).fill('restart child1: stop [] start [child1]'),
    },
    {
      // sup_start_map / supervisor(3): OTP's default flags are intensity 1, period 5.
      otp: 'sup_start_map (OTP default {1, 5})',
      strategy: 'one-for-one',
      intensity: sup(1, 5),
      children: ['child1'],
      events: [0, 4999].map((ms) => at(ms, crash('child1'))),
      expected: ['restart child1: stop [] start [child1]', 'giveup child1'],
    },
  ];

  it.each(rows)('$otp', (s) => {
    expect(run(s)).toEqual(s.expected);
  });

  it('gives up with a reason naming the child, the count, the period and the last exit (one_for_one)', () => {
    const steps = simulateTree({ strategy: 'one-for-one', intensity: sup(2, 3600), children: ['child1', 'child2'] }, [
      at(0, crash('child1')),
      at(100, crash('child2')),
      at(200, crash('child2')),
    ]);
    expect(steps.at(-1)?.action).toEqual({
      type: 'giveup',
      trigger: 'child2',
      reason: '3 restarts within 3600 s (intensity: at most 2); last: child2 exited with code 1 after 20 ms',
    });
  });

  it("uses this model's default intensity, 5 restarts within 10 s, when none is given (OTP's is 1 within 5 s)", () => {
    const steps = simulateTree({ children: ['child1'] }, [0, 1, 2, 3, 4, 5].map((ms) => at(ms, crash('child1'))));
    expect(steps.map((s) => s.action.type)).toEqual(['restart', 'restart', 'restart', 'restart', 'restart', 'giveup']);
  });
});

// Groups normal_termination, shutdown_termination and abnormal_termination, under one_for_one {2, 3600}: whether the
// child's own policy restarts it (a restart against the tree's intensity) or stops it for good (none, or completion
// when it was the last child running). OTP's supervisor then stays up, empty: here the tree completes.
describe('OTP supervisor_SUITE: permanent, transient and temporary children', () => {
  const rows: ReadonlyArray<{ otp: string; restart: presets.OtpRestart; exit: string; outcome: ExitOutcome; restarts: boolean }> = [
    { otp: 'permanent_normal', restart: 'permanent', exit: 'normal (exit 0)', outcome: exited(0), restarts: true },
    { otp: 'permanent_shutdown', restart: 'permanent', exit: 'shutdown (SIGTERM)', outcome: signaled('SIGTERM'), restarts: true },
    { otp: 'permanent_shutdown', restart: 'permanent', exit: '{shutdown, some_info} (SIGHUP)', outcome: signaled('SIGHUP'), restarts: true },
    { otp: 'permanent_abnormal', restart: 'permanent', exit: 'abnormal (exit 1)', outcome: exited(1), restarts: true },
    { otp: 'transient_normal', restart: 'transient', exit: 'normal (exit 0)', outcome: exited(0), restarts: false },
    { otp: 'transient_shutdown', restart: 'transient', exit: 'shutdown (SIGTERM)', outcome: signaled('SIGTERM'), restarts: false },
    { otp: 'transient_shutdown', restart: 'transient', exit: '{shutdown, some_info} (SIGHUP)', outcome: signaled('SIGHUP'), restarts: false },
    // Not in OTP, which has no signals: SIGINT and SIGPIPE are clean deaths here too.
    { otp: 'transient_shutdown', restart: 'transient', exit: 'a clean signal (SIGINT)', outcome: signaled('SIGINT'), restarts: false },
    { otp: 'transient_shutdown', restart: 'transient', exit: 'a clean signal (SIGPIPE)', outcome: signaled('SIGPIPE'), restarts: false },
    { otp: 'transient_abnormal', restart: 'transient', exit: 'abnormal (exit 1)', outcome: exited(1), restarts: true },
    { otp: 'nonsignificant_transient', restart: 'transient', exit: 'killed (SIGKILL)', outcome: signaled('SIGKILL'), restarts: true },
    { otp: 'transient_abnormal', restart: 'transient', exit: 'a failed start (ENOENT)', outcome: spawnFailed('ENOENT'), restarts: true },
    { otp: 'temporary_normal', restart: 'temporary', exit: 'normal (exit 0)', outcome: exited(0), restarts: false },
    { otp: 'temporary_shutdown', restart: 'temporary', exit: 'shutdown (SIGTERM)', outcome: signaled('SIGTERM'), restarts: false },
    { otp: 'temporary_shutdown', restart: 'temporary', exit: '{shutdown, some_info} (SIGHUP)', outcome: signaled('SIGHUP'), restarts: false },
    { otp: 'temporary_abnormal', restart: 'temporary', exit: 'abnormal (exit 1)', outcome: exited(1), restarts: false },
    { otp: 'nonsignificant_temporary', restart: 'temporary', exit: 'killed (SIGKILL)', outcome: signaled('SIGKILL'), restarts: false },
  ];

  it.each(rows)('$otp: a $restart child, $exit: restarted=$restarts', ({ restart, outcome, restarts }) => {
    const event = childEvent('child1', restart, outcome);
    const intensity = sup(2, 3600);
    const alone = decideTree(model('one-for-one', intensity, ['child1']), initialTreeState(), event, 1000);
    const withSibling = decideTree(model('one-for-one', intensity, ['child1', 'child2']), initialTreeState(), event, 1000);
    if (restarts) {
      expect(event.kind).toBe('restart-wanted');
      expect(summary(alone.action)).toBe('restart child1: stop [] start [child1]');
      expect(alone.state.restarts).toEqual([1000]);
      expect(summary(withSibling.action)).toBe('restart child1: stop [] start [child1]');
    } else {
      expect(event).toMatchObject({ kind: 'child-stopped', reason: 'completed' });
      expect(alone.action).toEqual({ type: 'complete' });
      expect(withSibling.action).toEqual({ type: 'none' });
      // A child that is not restarted costs no intensity.
      expect(alone.state.restarts).toEqual([]);
      expect(withSibling.state.restarts).toEqual([]);
    }
  });

  it('transient_shutdown, then transient_abnormal: clean ends cost no intensity, so {1, 3600} still allows the crash', () => {
    const steps = simulateTree({ strategy: 'one-for-one', intensity: sup(1, 3600), children: ['child1', 'child2'] }, [
      at(0, childEvent('child2', 'transient', signaled('SIGTERM'))),
      at(100, childEvent('child1', 'transient', exited(1))),
      at(200, childEvent('child1', 'transient', exited(1))),
    ]);
    expect(steps.map((s) => summary(s.action))).toEqual(['none', 'restart child1: stop [] start [child1]', 'giveup child1']);
  });
});

// Group `significant` (OTP 24 on: auto_shutdown and significant children).
describe('OTP supervisor_SUITE: children stopped by a strategy, and completion', () => {
  it.each<[TreeStrategy, string]>([
    ['one-for-one', 'restart child2: stop [] start [child2]'],
    ['one-for-all', 'restart child2: stop [child3,child1] start [child1,child2,child3]'],
    ['rest-for-one', 'restart child2: stop [child3] start [child2,child3]'],
  ])('significant_bystander (%s): siblings stopped for a restart are not stopped for good, and nothing completes', (strategy, expected) => {
    const steps = simulateTree({ strategy, intensity: sup(5, 5), children: ['child1', 'child2', 'child3'] }, [
      at(0, childEvent('child2', 'transient', signaled('SIGKILL'))),
    ]);
    expect(steps.map((s) => summary(s.action))).toEqual([expected]);
    expect(steps[0]?.stopped).toEqual([]);
  });

  it('significant_transient (all_significant): the tree completes when its last child ends cleanly', () => {
    // OTP, with child3 not significant, shuts down once child1 and child2 have ended. With no notion of significance,
    // this tree waits for every child.
    const steps = simulateTree({ strategy: 'one-for-one', intensity: sup(5, 5), children: ['child1', 'child2', 'child3'] }, [
      at(0, childEvent('child1', 'transient', exited(0))),
      at(100, childEvent('child2', 'transient', exited(0))),
      at(200, childEvent('child3', 'transient', signaled('SIGTERM'))),
    ]);
    expect(steps.map((s) => summary(s.action))).toEqual(['none', 'none', 'complete']);
    expect(steps.at(-1)?.stopped).toEqual(['child1', 'child2', 'child3']);
  });

  it('significant_temporary (any_significant): a killed temporary child stops alone; the tree runs on while others run', () => {
    // OTP with auto_shutdown = any_significant and child1 significant shuts the supervisor down here; this model has
    // no any_significant mode.
    const steps = simulateTree({ strategy: 'one-for-one', intensity: sup(5, 5), children: ['child1', 'child2', 'child3'] }, [
      at(0, childEvent('child1', 'temporary', signaled('SIGKILL'))),
    ]);
    expect(steps.map((s) => summary(s.action))).toEqual(['none']);
  });
});

// Nested trees: a tree that gives up is, for its parent, a `restart-wanted` event of that child, decided with the
// parent's own strategy and intensity (OTP: the child supervisor exits and its parent handles the exit like any other
// child's, supervisor.erl do_restart/3 and restart/2). A tree that completes is, for its parent, `child-stopped
// completed`. (Not ported, as it is the shell's mapping, not this decision: OTP's giving-up supervisor exits with
// reason `shutdown`, which a *transient* parent-side child spec treats as a normal end, so OTP does not restart it.)
describe('OTP supervisor_SUITE: escalation through nested trees', () => {
  it('tree: a worker restarts alone in its tree; a tree that gives up is restarted by its parent, one_for_all', () => {
    // supchild2 (one_for_one {4, 3600}) holds child3, whose restart fails, and child4.
    const inner = simulateTree({ strategy: 'one-for-one', intensity: sup(4, 3600), children: ['child3', 'child4'] }, [
      at(0, crash('child4')),
      at(100, crash('child3')),
      ...[110, 120, 130].map((ms) => at(ms, startFails('child3'))),
    ]);
    expect(inner.map((s) => summary(s.action))).toEqual([
      'restart child4: stop [] start [child4]',
      ...Array<string>(3).fill('restart child3: stop [] start [child3]'),
      'giveup child3',
    ]);
    const giveup = inner.at(-1)?.action;
    if (giveup?.type !== 'giveup') throw new Error('the nested tree did not give up');

    // The top tree, one_for_all {4, 3600}: supchild1, supchild2, and supchild3 which was stopped (OTP: terminate_child).
    const top = simulateTree({ strategy: 'one-for-all', intensity: sup(4, 3600), children: ['supchild1', 'supchild2', 'supchild3'] }, [
      at(0, completed('supchild3')),
      at(130, restartWanted('supchild2', `gave up: ${giveup.reason}`)),
    ]);
    // OTP restarts all three, supchild3 included ([3,3,3,0] active): a child with no process but a spec is started by a
    // group restart. Here supchild3, stopped for good, stays stopped.
    expect(top.map((s) => summary(s.action))).toEqual(['none', 'restart supchild2: stop [supchild1] start [supchild1,supchild2]']);
    expect(top.at(-1)?.action).toMatchObject({ reason: expect.stringContaining('child3 could not be spawned (ENOENT)') });
  });

  it('tree: escalations count against the parent\'s own intensity, and its giveup names the nested tree', () => {
    const nestedGaveUp = restartWanted('db', 'gave up: 6 restarts within 10 s (intensity: at most 5); last: pg exited with code 1 after 20 ms');
    const parent = (second: number) =>
      simulateTree({ strategy: 'one-for-one', intensity: sup(1, 5), children: ['db', 'web'] }, [at(0, nestedGaveUp), at(second, nestedGaveUp)]);
    expect(parent(4999).map((s) => summary(s.action))).toEqual(['restart db: stop [] start [db]', 'giveup db']);
    expect(parent(4999).at(-1)?.action).toMatchObject({
      reason: '2 restarts within 5000 ms (intensity: at most 1); last: db gave up: 6 restarts within 10 s (intensity: at most 5); last: pg exited with code 1 after 20 ms',
    });
    expect(parent(5000).map((s) => summary(s.action))).toEqual(['restart db: stop [] start [db]', 'restart db: stop [] start [db]']);
  });

  it('significant_escalation: a nested tree that completes completes its parent when it was the last child running', () => {
    const inner = simulateTree({ strategy: 'one-for-one', intensity: sup(1, 5), children: ['child1'] }, [
      at(0, childEvent('child1', 'transient', exited(0))),
    ]);
    expect(inner.map((s) => summary(s.action))).toEqual(['complete']);
    const alone = simulateTree({ strategy: 'one-for-one', intensity: sup(1, 5), children: ['sup1'] }, [at(0, completed('sup1', 'completed'))]);
    expect(alone.map((s) => summary(s.action))).toEqual(['complete']);
    // OTP's second case (sup1 not significant): the parent runs on. Here, with a sibling still running, likewise.
    const withSibling = simulateTree({ strategy: 'one-for-one', intensity: sup(1, 5), children: ['sup1', 'other'] }, [
      at(0, completed('sup1', 'completed')),
    ]);
    expect(withSibling.map((s) => summary(s.action))).toEqual(['none']);
  });
});
