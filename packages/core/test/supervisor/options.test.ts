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
