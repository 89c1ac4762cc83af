// The CLI's two kinds of failure, each with its exit code (see EXIT_CODES): main() prints the message as one line.

/** What the user asked could not be done (a giveup, a missing config, ...): exit 1 unless told otherwise. */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: number;
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? EXIT_CODES.failure;
  }
}

/** The command line or a config file is wrong: exit 2. */
export class UsageError extends CliError {
  override name = 'UsageError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, exitCode: EXIT_CODES.usage });
  }
}

/** Exit codes, as `--help` documents them; `status` of a known app that is not running is 3, as LSB's and systemctl's. */
export const EXIT_CODES = Object.freeze({ ok: 0, failure: 1, usage: 2, notRunning: 3 });
