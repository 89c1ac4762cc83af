import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, exited, presets, signaled, simulate, spawnFailed, type ExitOutcome } from '@daemonkit/core';
import { cells, lastDecision, run, thrown, timeline, times } from './helpers.js';

type RestartPolicy = presets.KubernetesRestartPolicy;
const POLICIES: readonly RestartPolicy[] = ['Always', 'OnFailure', 'Never'];

// Kubernetes docs, "Pod Lifecycle" > "Container restart policy": Always "automatically restarts the container after
// any termination", OnFailure "only restarts the container if it exits with an error (non-zero exit status)", Never
// "does not automatically restart the terminated container". A signal death is a non-zero status (128 + signal).
//                                                   Always OnFailure Never
const RESTART_TABLE: ReadonlyArray<[string, ExitOutcome, boolean[]]> = [
  ['exit 0', exited(0), [true, false, false]],
  ['exit 1', exited(1), [true, true, false]],
  ['SIGTERM (143)', signaled('SIGTERM'), [true, true, false]],
  ['SIGKILL (137, OOM)', signaled('SIGKILL'), [true, true, false]],
  ['spawn failure', spawnFailed('ENOENT'), [true, true, false]],
];

describe('presets.kubernetes: restartPolicy', () => {
  const rows = cells(RESTART_TABLE, POLICIES);

  it.each(rows)('$cause under $setting: restarts=$restarts', ({ outcome, setting, restarts }) => {
    const decision = lastDecision(simulate(presets.kubernetes({ restartPolicy: setting }), [run(outcome)]));
    expect(decision.action).toBe(restarts ? 'restart' : 'stop');
    expect(decision.failure).toBe(outcome.kind !== 'exited' || outcome.code !== 0);
    if (decision.action === 'stop') expect(decision.giveup).toBe(false);
  });

  it('defaults to Always', () => {
    expect(presets.kubernetes().options).toEqual({ restartPolicy: 'Always' });
  });
});

// Kubernetes docs, "Pod Lifecycle" > "Container restarts": "Initial crash: Kubernetes attempts an immediate restart";
// "Repeated crashes: After the initial crash Kubernetes applies an exponential backoff delay" (10s, 20s, 40s, ...
// "capped at 300 seconds (5 minutes)"); "Backoff reset: If a container runs successfully for a certain duration
// (e.g., 10 minutes), Kubernetes resets the backoff delay, treating any new crash as the first one."
describe('presets.kubernetes: CrashLoopBackOff', () => {
  it.each<[string, number[], number[]]>([
    ['immediate, then 10 s doubling to the 5 min cap', Array<number>(10).fill(1000), [0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000, 300_000]],
    ['a run of 10 min resets: the next crash is a first one', [1000, 1000, 1000, 600_000, 1000], [0, 10_000, 20_000, 0, 10_000]],
    ['one ms short of 10 min does not', [1000, 1000, 599_999], [0, 10_000, 20_000]],
  ])('%s', (_name, runtimes, delays) => {
    expect(timeline(simulate(presets.kubernetes(), runtimes.map((ms) => run(exited(1), ms))))).toEqual(delays);
  });

  it('applies to clean exits under Always too, and never gives up', () => {
    const steps = simulate(presets.kubernetes(), times(200, run(exited(0), 5)));
    expect(steps).toHaveLength(200);
    expect(steps.every((s) => s.decision.action === 'restart')).toBe(true);
    expect(lastDecision(steps)).toMatchObject({ delayMs: 300_000, failure: false, reason: 'CrashLoopBackOff: exited with code 0 after 5 ms' });
  });

  it('KUBERNETES_BACKOFF is 10 s doubling to 5 min, reset after 10 min, no jitter', () => {
    expect(presets.KUBERNETES_BACKOFF).toEqual({ initialMs: 10_000, factor: 2, maxMs: 300_000, jitter: 0, resetAfterMs: 600_000 });
  });

  it.each<[Record<string, unknown>, string]>([
    [{ restartPolicy: 'always' }, 'restartPolicy'],
    [{ restart: 'Always' }, 'restart'],
  ])('rejects %j', (options, option) => {
    const error = thrown(() => presets.kubernetes(options as presets.KubernetesPresetOptions));
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ option, message: expect.stringContaining('presets.kubernetes()') });
  });
});
