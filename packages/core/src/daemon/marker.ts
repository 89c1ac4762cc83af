import { DaemonkitError } from '../errors.js';

/**
 * The environment variable that tells a re-executed copy of the program which role it plays: xdaemon's generation
 * counter (XW_DAEMON_IDX), plus the role and, for a worker, its guard and attempt.
 */
export const MARKER_ENV = 'DAEMONKIT_MARKER';

export type Marker =
  /** Created by the `generation`-th background() call. */
  | { readonly generation: number; readonly role: 'child' }
  /** The guard created by the `generation`-th call, a daemon() call. */
  | { readonly generation: number; readonly role: 'guard' }
  /** A worker spawned by the guard of the `generation`-th call; with `services`, which one and which replica. */
  | {
      readonly generation: number;
      readonly role: 'worker';
      readonly guardPid: number;
      readonly attempt: number;
      readonly service?: string;
      readonly instance?: number;
    };

export function formatMarker(marker: Marker): string {
  const base = `v1:${marker.generation}:${marker.role}`;
  if (marker.role !== 'worker') return base;
  const worker = `${base}:${marker.guardPid}:${marker.attempt}`;
  if (marker.service === undefined) return worker;
  return marker.instance === undefined ? `${worker}:${marker.service}` : `${worker}:${marker.service}:${marker.instance}`;
}

const PATTERN = /^v1:([1-9]\d{0,5}):(child|guard|worker)(?::([1-9]\d{0,9}):([1-9]\d{0,9})(?::([A-Za-z0-9._-]{1,100})(?::(\d{1,6}))?)?)?$/;

/** Parses a marker value; anything else is an error rather than a guess about this process's role. */
export function parseMarker(value: string): Marker {
  const match = PATTERN.exec(value);
  const role = match?.[2];
  const hasWorkerFields = match?.[3] !== undefined;
  if (!match || (role === 'worker') !== hasWorkerFields) {
    throw new DaemonkitError(
      `Malformed ${MARKER_ENV} ${JSON.stringify(value)} in the environment: expected a value set by daemonkit ` +
        `such as "v1:1:guard". Unset it and start the program again.`,
    );
  }
  const generation = Number(match[1]);
  if (role === 'worker') {
    const [, , , , , service, instance] = match;
    return {
      generation,
      role,
      guardPid: Number(match[3]),
      attempt: Number(match[4]),
      ...(service !== undefined ? { service } : {}),
      ...(instance !== undefined ? { instance: Number(instance) } : {}),
    };
  }
  return { generation, role: role as 'child' | 'guard' };
}

type Inherited = { readonly marker: Marker | undefined } | { readonly error: DaemonkitError };

// Read once, at import, and removed from process.env at once: processes the application spawns (another program
// using daemonkit included) must not inherit it. xdaemon and go-daemon leave it in the environment.
const inherited: Inherited = takeMarker(process.env);

function takeMarker(env: NodeJS.ProcessEnv): Inherited {
  const value = env[MARKER_ENV];
  if (value === undefined) return { marker: undefined };
  delete env[MARKER_ENV];
  try {
    return { marker: parseMarker(value) };
  } catch (error) {
    return { error: error as DaemonkitError };
  }
}

/** The marker this process was started with, if any. Throws the parse error of a malformed one. */
export function inheritedMarker(): Marker | undefined {
  if ('error' in inherited) throw inherited.error;
  return inherited.marker;
}

let calls = 0;

/**
 * Numbers the calls of background() and daemon() in this process, 1-based, as xdaemon's runIdx: a call whose
 * number is at most the inherited generation was already carried out by an ancestor.
 */
export function nextCallIndex(): number {
  calls += 1;
  return calls;
}
