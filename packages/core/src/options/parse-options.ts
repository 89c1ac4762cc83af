import type { ZodMiniType, core } from 'zod/mini';
import { InvalidOptionsError } from '../errors.js';
import { describeValue } from './describe-value.js';
import { zod, type Zod } from './zod.js';

/**
 * What an unknown option name stands for: our name for it (a string: "option `minUptime` is named `minUptimeMs`"),
 * or `{ hint }`, what to write instead, quoted as code ("unknown option `restart`: use `policy: restartPolicy({
 * restart })`").
 */
export type RenamedOption = string | { readonly hint: string };

/**
 * Parses `input` with the schema built by `build` (built on first use, once) and throws an
 * `InvalidOptionsError` naming the first bad option. `where` names the API in messages, e.g. `restartPolicy()`.
 *
 * `renamed` maps old, peer or misplaced option names to what to write instead. A key is an option name, matched at
 * any depth, or a dotted path from the top of `input` (`'window.max'`), which wins over the bare name. A value is the
 * new name (`{ minUptime: 'minUptimeMs' }`) or a hint (`{ restart: { hint: 'policy: restartPolicy({ restart })' } }`).
 */
export function createOptionsParser<T>(
  where: string,
  build: (z: Zod) => ZodMiniType<T>,
  renamed: Readonly<Record<string, RenamedOption>> = {},
): (input: unknown, pathPrefix?: string) => T {
  let schema: ZodMiniType<T> | undefined;
  return (input, pathPrefix = '') => {
    schema ??= build(zod());
    const result = schema.safeParse(input ?? {});
    if (result.success) return result.data;
    throw toError(where, result.error.issues, input, pathPrefix, renamed);
  };
}

function toError(
  where: string,
  issues: readonly core.$ZodIssue[],
  input: unknown,
  prefix: string,
  renamed: Readonly<Record<string, RenamedOption>>,
): InvalidOptionsError {
  // Report the most specific problem first: a renamed key (its value is often what a required field misses), then
  // a bad value, then an unknown key.
  const insteadOf = (i: core.$ZodIssue, key: string) => lookup(renamed, joinPath('', [...i.path, key])) ?? lookup(renamed, key);
  const renamedIssue = issues.find((i) => i.code === 'unrecognized_keys' && i.keys.some((k) => insteadOf(i, k) !== undefined));
  const issue = renamedIssue ?? issues.find((i) => i.code !== 'unrecognized_keys') ?? issues[0];
  if (!issue) return new InvalidOptionsError(`${where}: invalid options`, prefix || 'options');
  const path = joinPath(prefix, issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys.find((k) => insteadOf(issue, k) !== undefined) ?? issue.keys[0] ?? '';
    const full = joinPath(path, [key]);
    const instead = insteadOf(issue, key);
    const message =
      instead === undefined
        ? `${where}: unknown option \`${full}\``
        : typeof instead === 'string'
          ? `${where}: option \`${full}\` is named \`${joinPath(path, [instead])}\``
          : `${where}: unknown option \`${full}\`: use \`${instead.hint}\``;
    return new InvalidOptionsError(message, full);
  }
  if (path === prefix && issue.path.length === 0 && prefix === '') {
    return new InvalidOptionsError(
      `${where}: expected options to be an object, got ${describeValue(input)}`,
      'options',
    );
  }
  const received = valueAt(input, issue.path);
  return new InvalidOptionsError(
    `${where}: expected \`${path}\` to be ${issue.message}, got ${describeValue(received)}`,
    path,
  );
}

// Own keys only: an option named `constructor` or `toString` is unknown, not Object.prototype's.
function lookup(renamed: Readonly<Record<string, RenamedOption>>, key: string): RenamedOption | undefined {
  return Object.hasOwn(renamed, key) ? renamed[key] : undefined;
}

function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  const parts = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  const joined = `${prefix}${parts}`;
  return joined.startsWith('.') ? joined.slice(1) : joined;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
