import type { Supervisor } from '../supervisor/supervisor.js';
import { CHILD_EVENT_NAMES } from '../tree/events.js';
import type { SupervisorTree } from '../tree/supervisor-tree.js';
import { rootChildName, type ChildStatus } from '../tree/node.js';

/** Tree events a subscriber receives: every child event (but `output`, which goes to the log) and the tree's own. */
export const REMOTE_EVENT_NAMES: readonly string[] = Object.freeze([
  ...CHILD_EVENT_NAMES.filter((name) => name !== 'output'),
  'group-restart',
  'tree-giveup',
  'tree-stop',
]);

/** The id of daemon()'s single worker in status and events. */
export const SINGLE_WORKER_ID = 'worker';

/**
 * What the control server drives: a SupervisorTree, or daemon()'s single Supervisor seen as a tree of one child
 * (`worker`), so that a client sees one shape. Events come with `child`, as the tree emits them.
 */
export interface ControlTarget {
  readonly state: string;
  statuses(): readonly ChildStatus[];
  /** Stops everything; resolves with the stop event once every process is gone. */
  stop(): Promise<unknown>;
  /** Reopens every log file by its path. */
  reopenLogs(): void;
  restart(child: string | undefined, rolling: boolean): Promise<void>;
  signal(signal: NodeJS.Signals, child: string | undefined): void;
  /** Subscribes to every event in REMOTE_EVENT_NAMES; returns the unsubscription. */
  subscribe(listener: (name: string, payload: Record<string, unknown>) => void): () => void;
}

type AnyOn = (event: string, listener: (payload: Record<string, unknown>) => void) => unknown;

function subscribeAll(emitter: { on: unknown; off: unknown }, wrap: (payload: Record<string, unknown>) => Record<string, unknown>, listener: (name: string, payload: Record<string, unknown>) => void): () => void {
  const on = (emitter.on as AnyOn).bind(emitter);
  const off = (emitter.off as AnyOn).bind(emitter);
  const attached = REMOTE_EVENT_NAMES.map((name) => {
    const handler = (payload: Record<string, unknown>) => listener(name, wrap(payload));
    on(name, handler);
    return () => off(name, handler);
  });
  return () => attached.forEach((detach) => detach());
}

export function treeTarget(tree: SupervisorTree): ControlTarget {
  return {
    get state() {
      return tree.state;
    },
    statuses: () => tree.status(),
    stop: () => tree.stop(),
    reopenLogs: () => tree.reopenLogs(),
    async restart(child, rolling) {
      if (child !== undefined) return tree.restart(child, { rolling });
      // All: each child of the root in start order, replicas rolled when asked.
      const names = [...new Set(tree.status().map((s) => rootChildName(s.id)))];
      for (const name of names) await tree.restart(name, { rolling });
    },
    signal: (signal, child) => tree.signal(signal, child),
    subscribe: (listener) => subscribeAll(tree, (payload) => payload, listener),
  };
}

export function supervisorTarget(supervisor: Supervisor): ControlTarget {
  const check = (child: string | undefined, where: string) => {
    if (child !== undefined && child !== SINGLE_WORKER_ID) {
      throw new Error(`${where}: no child ${JSON.stringify(child)} (children: ${SINGLE_WORKER_ID})`);
    }
  };
  return {
    get state() {
      return supervisor.state === 'stopped' ? 'stopped' : supervisor.state === 'stopping' ? 'stopping' : 'running';
    },
    statuses: () => [
      Object.freeze({
        id: SINGLE_WORKER_ID,
        state: supervisor.state,
        pid: supervisor.pid,
        attempt: supervisor.attempt,
        restarts: supervisor.restarts,
      }),
    ],
    stop: () => supervisor.stop(),
    reopenLogs: () => supervisor.reopenLogs(),
    restart(child) {
      check(child, 'restart');
      return supervisor.restart();
    },
    signal(signal, child) {
      check(child, 'signal');
      supervisor.signal(signal);
    },
    subscribe(listener) {
      const detach = subscribeAll(supervisor, (payload) => Object.freeze({ ...payload, child: SINGLE_WORKER_ID }), listener);
      // The tree's last event, so that a client sees one shape: a single worker's `stop` ends its one-child tree.
      const end = ({ reason, survivors }: { reason: string; survivors?: readonly number[] }) =>
        listener('tree-stop', Object.freeze(survivors ? { reason, survivors } : { reason }));
      supervisor.on('stop', end);
      return () => {
        detach();
        supervisor.off('stop', end);
      };
    },
  };
}
