import { nodeSpawner } from '../process/node-spawner.js';
import type { Spawner } from '../process/seams.js';
import { formatMarker, MARKER_ENV } from './marker.js';

/**
 * Spawns worker copies of this program for the guard of the `generation`-th daemon() call, each marked with the guard,
 * its attempt and, for a service, the service and its replica. Attempts are counted per replica.
 */
export function workerSpawner(generation: number, service?: string, replicated = false): Spawner {
  const guardPid = process.pid;
  const attempts = new Map<string, number>();
  return {
    spawn(spec, hooks) {
      // The tree sets DAEMONKIT_INSTANCE for replicas; without them one inherited from elsewhere means nothing here.
      const replica = replicated ? spec.env.DAEMONKIT_INSTANCE : undefined;
      const attempt = (attempts.get(replica ?? '') ?? 0) + 1;
      attempts.set(replica ?? '', attempt);
      const marker = formatMarker({
        generation,
        role: 'worker',
        guardPid,
        attempt,
        ...(service !== undefined ? { service } : {}),
        ...(replica !== undefined ? { instance: Number(replica) } : {}),
      });
      return nodeSpawner.spawn({ ...spec, env: { ...spec.env, [MARKER_ENV]: marker } }, hooks);
    },
  };
}
