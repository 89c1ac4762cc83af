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
} from '@daemonkit/core';

describe('public types', () => {
  it('types every listener payload by event name', () => {
    expectTypeOf<Parameters<SupervisorEvents['crash']>[0]>().toEqualTypeOf<CrashEvent>();
    expectTypeOf<Parameters<SupervisorEvents['backoff']>[0]>().toEqualTypeOf<BackoffEvent>();
    expectTypeOf<Parameters<SupervisorEvents['stop']>[0]>().toEqualTypeOf<StopEvent>();
    expectTypeOf<keyof SupervisorEvents>().toEqualTypeOf<
      'spawn' | 'ready' | 'heartbeat' | 'output' | 'exit' | 'crash' | 'backoff' | 'giveup' | 'held' | 'stop' | 'error'
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
