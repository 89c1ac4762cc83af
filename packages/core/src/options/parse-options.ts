import type { ZodMiniType, core } from 'zod/mini';
import { InvalidOptionsError } from '../errors.js';
import { describeValue } from './describe-value.js';
import { zod, type Zod } from './zod.js';

/**
 * Parses `input` with the schema built by `build` (built on first use, once) and throws an
 * `InvalidOptionsError` naming the first bad option. `where` names the API in messages, e.g. `restartPolicy()`.
 * `renamed` maps old or peer option names to ours, so that `minUptime` says to use `minUptimeMs`.
 */
export function createOptionsParser<T>(
  where: string,
  build: (z: Zod) => ZodMiniType<T>,
  renamed: Readonly<Record<string, string>> = {},
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
  renamed: Readonly<Record<string, string>>,
): InvalidOptionsError {
  // Report the most specific problem first: a bad value before an unknown key.
  const issue = issues.find((i) => i.code !== 'unrecognized_keys') ?? issues[0];
  if (!issue) return new InvalidOptionsError(`${where}: invalid options`, prefix || 'options');
  const path = joinPath(prefix, issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const full = joinPath(path, [key]);
    const newName = renamed[key];
    const message = newName
      ? `${where}: option \`${full}\` is named \`${joinPath(path, [newName])}\``
      : `${where}: unknown option \`${full}\``;
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
