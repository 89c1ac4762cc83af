import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, Supervisor, type SupervisorOptions } from '@daemonkit/core';

const make = (options: Record<string, unknown>) => () => new Supervisor({ command: 'worker', ...options } as SupervisorOptions);

describe('new Supervisor() options', () => {
  it.each(['restart', 'maxRestarts', 'maxConsecutiveFailures', 'backoff', 'window', 'minUptimeMs'])(
    'a restartPolicy() option given to the Supervisor (%s) says where it goes',
    (name) => {
      expect(make({ [name]: 1 })).toThrow(
        new InvalidOptionsError(`new Supervisor(): unknown option \`${name}\`: use \`policy: restartPolicy({ ${name} })\``, name),
      );
    },
  );

  it('names a bad restartControl and what it accepts', () => {
    expect(make({ restartControl: 'tree' })).toThrow(
      "new Supervisor(): expected `restartControl` to be one of 'self', 'parent', got `\"tree\"` (string)",
    );
  });
});

describe('health checks need the IPC channel', () => {
  it.each(['readiness', 'watchdog'])('%s with ipc: false is refused at once (it could never be met)', (key) => {
    expect(make({ [key]: { timeoutMs: 1000 }, ipc: false })).toThrow(
      `new Supervisor(): \`${key}\` needs the IPC channel its worker reports through, and \`ipc\` is false`,
    );
  });
});
