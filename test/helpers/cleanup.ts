import { afterEach } from 'vitest';

const deferred: Array<() => unknown> = [];

/**
 * Runs `fn` after the current test, last registered first (a daemon started in a temporary folder is stopped
 * before the folder is removed). Failures in one clean-up do not skip the others.
 */
export function defer(fn: () => unknown): void {
  deferred.push(fn);
}

afterEach(async () => {
  const errors: unknown[] = [];
  for (const fn of deferred.splice(0).reverse()) {
    try {
      await fn();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, 'clean-up after the test failed');
});
