/** Base class of the errors daemonkit throws or reports at run time; the original error is kept as `cause`. */
export class DaemonkitError extends Error {
  override name = 'DaemonkitError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A programmer mistake in options: thrown at once, synchronously, naming the option, what was expected and what
 * was received. A `TypeError` so that generic callers recognise it as bad input.
 */
export class InvalidOptionsError extends TypeError {
  override name = 'InvalidOptionsError';
  /** Dotted path of the offending option, e.g. `backoff.maxMs`. */
  readonly option: string;
  constructor(message: string, option: string) {
    super(message);
    this.option = option;
  }
}
