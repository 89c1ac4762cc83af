import type { PolicyWarning } from './warning.js';

// Where a built-in policy keeps its lint checks: a symbol (Symbol.for, so that the ESM and CommonJS builds agree),
// not enumerable, so that it stays out of equality checks, spreads and JSON. A custom policy has none.
const LINT = Symbol.for('daemonkit.policy.lint');

/** A policy's own checks, over the options it was built from. */
export type Linter = () => readonly PolicyWarning[];

/** Attaches `lint` to `policy` and freezes it. */
export function withLint<P extends object>(policy: P, lint: Linter): Readonly<P> {
  Object.defineProperty(policy, LINT, { value: lint });
  return Object.freeze(policy);
}

/** The checks attached by withLint(), if any. */
export function linterOf(policy: object): Linter | undefined {
  const lint: unknown = (policy as Record<symbol, unknown>)[LINT];
  return typeof lint === 'function' ? (lint as Linter) : undefined;
}
