import type { RestartMode } from '../policy/classify-exit.js';
import { restartPolicy } from '../policy/restart/index.js';
import type { Policy } from '../policy/types.js';
import type { ChildRestart } from './options.js';

// A transient child's normal exit is exit code 0 or a SIGHUP, SIGINT, SIGTERM or SIGPIPE death (systemd's clean
// signals standing for OTP's `shutdown`): restartPolicy's clean class, so transient is 'on-failure'.
const MODES: Readonly<Record<ChildRestart, RestartMode>> = { permanent: 'always', transient: 'on-failure', temporary: 'never' };

const policies = new Map<ChildRestart, Policy<unknown>>();

/**
 * The policy of a command child given a restart type: restartPolicy() with that mode and the default backoff. Its only
 * limit is the default maxSpawnFailures (a command that cannot be spawned gives the tree up); restarts are counted by
 * the tree's intensity. One per type, shared: a policy keeps no state of its own.
 */
export function childPolicy(restart: ChildRestart): Policy<unknown> {
  let policy = policies.get(restart);
  if (!policy) {
    policy = restartPolicy({ restart: MODES[restart] }) as Policy<unknown>;
    policies.set(restart, policy);
  }
  return policy;
}
