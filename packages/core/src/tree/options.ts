import { InvalidOptionsError } from '../errors.js';
import { describeValue } from '../options/describe-value.js';
import { fieldSchemas } from '../options/field-schemas.js';
import { createOptionsParser } from '../options/parse-options.js';
import { RESTART_MODES } from '../policy/classify-exit.js';
import { DEFAULT_TREE_INTENSITY, TREE_STRATEGIES, type TreeIntensity, type TreeStrategy } from '../policy/tree/types.js';
import type { Policy } from '../policy/types.js';
import type { Clock, Spawner } from '../process/seams.js';
import type { SupervisorOptions } from '../supervisor/options.js';

/** Erlang/OTP's child restart types: always restarted / only after an abnormal exit / never. */
export type ChildRestart = 'permanent' | 'transient' | 'temporary';

export const CHILD_RESTART_TYPES: readonly ChildRestart[] = Object.freeze(['permanent', 'transient', 'temporary']);

/** How long a replica must keep running, without readiness, before a rolling restart moves to the next. */
export const DEFAULT_ROLLING_SETTLE_MS = 1000;

/** A command to supervise: any Supervisor option (but `restartControl`, which the tree owns), plus these. */
export interface CommandChildSpec extends Omit<SupervisorOptions, 'restartControl'> {
  /** The child's name: its id in the tree. Letters, digits, `.`, `_` and `-`. Required. */
  readonly name: string;
  /** Run this many replicas, `name#0` ... `name#N-1`, each with `DAEMONKIT_INSTANCE` and `NODE_APP_INSTANCE`. Default 1. */
  readonly instances?: number;
  /**
   * `permanent`: always restarted; `transient`: only after an abnormal exit (not exit code 0, nor a SIGHUP, SIGINT,
   * SIGTERM or SIGPIPE death); `temporary`: never. Default `'permanent'`, with the default backoff. Or give a `policy`.
   */
  readonly restart?: ChildRestart;
}

/** A nested tree: its children start before the next sibling of the tree, and its failure is its parent's to judge. */
export interface TreeChildSpec {
  readonly name: string;
  readonly tree: TreeOptions;
  /** As for a command: whether the parent restarts the nested tree when it gives up. Default `'permanent'`. */
  readonly restart?: ChildRestart;
}

export type ChildSpec = CommandChildSpec | TreeChildSpec;

export interface TreeOptions {
  /** Which children restart when one is to be restarted. Default `'one-for-one'`. */
  readonly strategy?: TreeStrategy;
  /** More restarts than `maxRestarts` within `periodMs` give the tree up. Default 5 within 10 s (`DEFAULT_TREE_INTENSITY`). */
  readonly intensity?: TreeIntensity;
  /** Started in this order, stopped in the reverse order. */
  readonly children: readonly ChildSpec[];
  /**
   * In a rolling restart, how long a new replica without `readiness` must keep running before the next is replaced,
   * in ms. Default 1000 (`DEFAULT_ROLLING_SETTLE_MS`).
   */
  readonly rollingSettleMs?: number;
  /** Seam for tests: the spawner of every command child that has none of its own. Default: real processes. */
  readonly spawner?: Spawner;
  /** Seam for tests: the clock of the tree and of every child that has none of its own. Default: the system clock. */
  readonly clock?: Clock;
}

export interface ResolvedTreeOptions {
  readonly strategy: TreeStrategy;
  readonly intensity: TreeIntensity;
  readonly children: readonly ChildSpec[];
  readonly rollingSettleMs: number;
  readonly spawner: Spawner | undefined;
  readonly clock: Clock | undefined;
}

const parseTree = createOptionsParser(
  'new SupervisorTree()',
  (z) => {
    const f = fieldSchemas(z);
    return z.strictObject({
      strategy: z.optional(f.oneOf(TREE_STRATEGIES)),
      intensity: z.optional(
        z.strictObject({ maxRestarts: f.limit(), periodMs: f.positiveDurationMs() }, { error: 'an object { maxRestarts, periodMs }' }),
      ),
      children: z.custom<ChildSpec[]>((v) => Array.isArray(v), { error: 'an array of child specs' }),
      rollingSettleMs: z.optional(f.durationMs()),
      spawner: z.optional(f.objectWith<Spawner>('a spawner (an object with spawn())', ['spawn'])),
      clock: z.optional(
        f.objectWith<Clock>('a clock (an object with now(), setTimeout() and clearTimeout())', ['now', 'setTimeout', 'clearTimeout']),
      ),
    });
  },
  { maxRestarts: 'intensity.maxRestarts', period: 'intensity.periodMs', restartStrategy: 'strategy' },
);

const NAME = /^[A-Za-z0-9._-]+$/;

/** Checks a tree's options and its children's names and restart types; the Supervisor checks the rest of each child. */
export function resolveTreeOptions(input: TreeOptions, path = ''): ResolvedTreeOptions {
  const o = parseTree(input, path) as TreeOptions;
  const where = 'new SupervisorTree()';
  const names = new Set<string>();
  o.children.forEach((child, i) => {
    const at = `${path ? `${path}.` : ''}children[${i}]`;
    if (child === null || typeof child !== 'object') {
      throw new InvalidOptionsError(`${where}: expected \`${at}\` to be a child spec object, got ${describeValue(child)}`, at);
    }
    checkChild(where, at, child, names);
  });
  return Object.freeze({
    strategy: o.strategy ?? 'one-for-one',
    intensity: o.intensity ? Object.freeze({ ...o.intensity }) : DEFAULT_TREE_INTENSITY,
    children: Object.freeze([...o.children]),
    rollingSettleMs: o.rollingSettleMs ?? DEFAULT_ROLLING_SETTLE_MS,
    spawner: o.spawner,
    clock: o.clock,
  });
}

function checkChild(where: string, at: string, child: ChildSpec, names: Set<string>): void {
  const { name } = child;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new InvalidOptionsError(
      `${where}: expected \`${at}.name\` to be a name of letters, digits, '.', '_' and '-' (ids are built with '/' and '#'), got ${describeValue(name)}`,
      `${at}.name`,
    );
  }
  if (names.has(name)) throw new InvalidOptionsError(`${where}: \`${at}.name\` ${JSON.stringify(name)} is used by an earlier child`, `${at}.name`);
  names.add(name);
  const restart = child.restart as unknown;
  if (restart !== undefined && !CHILD_RESTART_TYPES.includes(restart as ChildRestart)) {
    const systemd = (RESTART_MODES as readonly unknown[]).includes(restart)
      ? `: systemd's modes go in a policy, \`policy: restartPolicy({ restart: ${JSON.stringify(restart)} })\``
      : '';
    throw new InvalidOptionsError(
      `${where}: expected \`${at}.restart\` to be one of 'permanent', 'transient', 'temporary', got ${describeValue(restart)}${systemd}`,
      `${at}.restart`,
    );
  }
  if ('tree' in child) {
    const extra = Object.keys(child).filter((k) => !['name', 'tree', 'restart'].includes(k));
    if (extra.length > 0) {
      throw new InvalidOptionsError(`${where}: a nested tree takes only name, tree and restart; \`${at}.${extra[0]}\` belongs in its children`, `${at}.${extra[0]}`);
    }
    resolveTreeOptions(child.tree, `${at}.tree`);
    return;
  }
  if (restart !== undefined && (child as CommandChildSpec).policy !== undefined) {
    throw new InvalidOptionsError(`${where}: \`${at}\` has both \`restart\` and \`policy\`: give one (a policy decides restarts itself)`, `${at}.restart`);
  }
  if ('restartControl' in child) {
    throw new InvalidOptionsError(`${where}: \`${at}.restartControl\` is the tree's to set`, `${at}.restartControl`);
  }
  const instances = (child as CommandChildSpec).instances;
  if (instances !== undefined && !(Number.isInteger(instances) && instances >= 1)) {
    throw new InvalidOptionsError(`${where}: expected \`${at}.instances\` to be a positive integer, got ${describeValue(instances)}`, `${at}.instances`);
  }
}

/**
 * The Supervisor options of one replica of a command child: the tree's seams, its restart type, its instance env.
 * `baseEnv`: `process.env` as the tree read it once, for all its children (reading it costs ~20-40 us a time).
 */
export function replicaOptions(
  spec: CommandChildSpec,
  instance: number | undefined,
  tree: ResolvedTreeOptions,
  policyFor: (restart: ChildRestart) => Policy<unknown>,
  baseEnv: Readonly<Record<string, string>>,
): SupervisorOptions {
  const { name: _name, instances: _instances, restart, ...options } = spec;
  const replica = instance === undefined ? {} : { DAEMONKIT_INSTANCE: String(instance), NODE_APP_INSTANCE: String(instance) };
  // A child that gives extendEnv: false keeps its own env alone; the others get the tree's snapshot under theirs.
  const env = options.extendEnv === false ? { ...options.env, ...replica } : { ...baseEnv, ...options.env, ...replica };
  return {
    ...options,
    env,
    extendEnv: false,
    ...(options.policy === undefined ? { policy: policyFor(restart ?? 'permanent') } : {}),
    ...(options.spawner === undefined && tree.spawner !== undefined ? { spawner: tree.spawner } : {}),
    ...(options.clock === undefined && tree.clock !== undefined ? { clock: tree.clock } : {}),
  };
}
