import { describe, expectTypeOf, it } from 'vitest';
import type {
  BackoffEvent,
  CrashEvent,
  Decision,
  ExitOutcome,
  Policy,
  RestartPolicyOptions,
  StopEvent,
  Supervisor,
  SupervisorEvent,
  SupervisorEvents,
  SupervisorOptions,
  SupervisorTree,
  TreeEvents,
  TreeGiveupEvent,
  TreeStopEvent,
} from '@daemonkit/core';

describe('public types', () => {
  it('types every listener payload by event name', () => {
    expectTypeOf<Parameters<SupervisorEvents['crash']>[0]>().toEqualTypeOf<CrashEvent>();
    expectTypeOf<Parameters<SupervisorEvents['backoff']>[0]>().toEqualTypeOf<BackoffEvent>();
    expectTypeOf<Parameters<SupervisorEvents['stop']>[0]>().toEqualTypeOf<StopEvent>();
    expectTypeOf<keyof SupervisorEvents>().toEqualTypeOf<
      'spawn' | 'ready' | 'heartbeat' | 'output' | 'exit' | 'crash' | 'backoff' | 'giveup' | 'held' | 'log-error' | 'stop' | 'error'
    >();
    expectTypeOf<StopEvent['reason']>().toEqualTypeOf<'requested' | 'giveup' | 'completed'>();
  });

  it('narrows events() items by type, and tells dropped events apart', () => {
    type Backoff = Extract<SupervisorEvent, { type: 'backoff' }>;
    expectTypeOf<Backoff['payload']>().toEqualTypeOf<BackoffEvent>();
    type Item = ReturnType<Supervisor['events']> extends AsyncIterableIterator<infer T> ? T : never;
    expectTypeOf<Extract<Item, { type: 'dropped' }>['payload']>().toEqualTypeOf<{ readonly count: number }>();
    // `error` is not a lifecycle event: it never reaches events().
    expectTypeOf<Extract<Item, { type: 'error' }>>().toBeNever();
  });

  it('rejects unknown events and payload fields at compile time', () => {
    const check = (supervisor: Supervisor) => {
      // @ts-expect-error not an event of the Supervisor
      supervisor.on('crashed', () => {});
      // @ts-expect-error `code` is not a field of the exit payload
      supervisor.on('exit', ({ code }) => code);
      supervisor.on('held', ({ delayMs, attempt, run }) => delayMs + attempt + run.attempt);
      supervisor.on('error', ({ error, event }) => [error, event]);
    };
    expectTypeOf(check).toBeFunction();
  });

  it('types a tree\'s events: child events carry the child id, tree events their own fields, anything else is an error', () => {
    const check = (tree: SupervisorTree) => {
      tree.on('crash', ({ child, run, consecutiveFailures }) => `${child} ${run.attempt} ${consecutiveFailures}`);
      tree.on('group-restart', ({ tree: id, trigger, children, strategy }) => [id, trigger, children.length, strategy]);
      tree.on('tree-stop', ({ reason }) => reason);
      // @ts-expect-error `held` is the tree's own business, not passed on
      tree.on('held', () => {});
      // @ts-expect-error not a tree event
      tree.on('tree-crash', () => {});
      // @ts-expect-error `code` is not a field of the exit payload
      tree.on('exit', ({ code }) => code);
    };
    expectTypeOf(check).toBeFunction();
    expectTypeOf<Parameters<TreeEvents['tree-giveup']>[0]>().toEqualTypeOf<TreeGiveupEvent>();
    expectTypeOf<TreeStopEvent['reason']>().toEqualTypeOf<'requested' | 'giveup' | 'completed'>();
    expectTypeOf<SupervisorTree['done']>().resolves.toEqualTypeOf<TreeStopEvent>();
  });

  it('makes the outcome a tagged union that never merges signals into codes', () => {
    type Signaled = Extract<ExitOutcome, { kind: 'signaled' }>;
    expectTypeOf<Signaled>().not.toHaveProperty('code');
    expectTypeOf<Extract<ExitOutcome, { kind: 'exited' }>['code']>().toEqualTypeOf<number>();
  });

  it('requires only command among the options and types the rest', () => {
    expectTypeOf<{ command: string }>().toMatchTypeOf<SupervisorOptions>();
    expectTypeOf<{ args: string[] }>().not.toMatchTypeOf<SupervisorOptions>();
    expectTypeOf<SupervisorOptions['stdio']>().toEqualTypeOf<'inherit' | 'pipe' | 'ignore' | undefined>();
    expectTypeOf<RestartPolicyOptions['restart']>().toEqualTypeOf<
      'always' | 'on-success' | 'on-failure' | 'on-abnormal' | 'on-abort' | 'on-watchdog' | 'never' | undefined
    >();
  });

  it('lets a policy of any state plug into a Supervisor', () => {
    expectTypeOf<Policy<{ n: number }>>().toMatchTypeOf<NonNullable<SupervisorOptions['policy']>>();
    expectTypeOf<Decision['action']>().toEqualTypeOf<'restart' | 'stop'>();
    expectTypeOf<Supervisor['done']>().resolves.toEqualTypeOf<StopEvent>();
  });
});
