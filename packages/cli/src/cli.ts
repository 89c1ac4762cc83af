import { CliError, EXIT_CODES, UsageError } from './errors.js';
import { MAIN_HELP } from './help.js';
import { didYouMean } from './parse/suggest.js';

/** A command: its module is imported only when it runs. */
export interface Command {
  run(argv: readonly string[]): Promise<number>;
}

const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  run: () => import('./commands/run.js'),
  explain: () => import('./commands/explain.js'),
  lint: () => import('./commands/lint.js'),
  init: () => import('./commands/init.js'),
};

/** Commands that come with the control plane (issue 10): known, so that they are not "unknown", but not wired yet. */
export const COMING = ['start', 'stop', 'restart', 'status', 'list', 'logs', 'reopen-logs', 'events', 'signal'] as const;

/** Runs the command line `argv` (without node and the bin); returns the exit code. Errors are printed as one line. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      if (name === 'help' && rest[0] !== undefined) return await main([rest[0], '--help']);
      // Without a command it is a usage error: the help goes to stderr, as the other usage errors do.
      (name === undefined ? process.stderr : process.stdout).write(`${MAIN_HELP}\n`);
      return name === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
    }
    if (name === '--version' || name === '-v') {
      const { readVersion } = await import('./version.js');
      process.stdout.write(`${readVersion()}\n`);
      return EXIT_CODES.ok;
    }
    const load = COMMANDS[name];
    if (!load) {
      if ((COMING as readonly string[]).includes(name)) {
        throw new CliError(`\`daemonkit ${name}\` comes with the control plane and is not in this build yet; \`daemonkit run\` supervises in the foreground`);
      }
      const all = [...Object.keys(COMMANDS), ...COMING];
      const what = name.startsWith('-') ? `unknown flag ${name}` : `unknown command ${JSON.stringify(name)}`;
      throw new UsageError(`${what}${didYouMean(name, name.startsWith('-') ? ['--help', '--version'] : all)} (daemonkit --help lists the commands)`);
    }
    const command = await load();
    return await command.run(rest);
  } catch (error) {
    return report(error, name);
  }
}

/** Prints an error as one line (`daemonkit run: --max-restarts: ...`) and gives its exit code; DEBUG=daemonkit adds the stack. */
export function report(error: unknown, command: string | undefined): number {
  const prefix = command && !command.startsWith('-') && COMMANDS[command] ? `daemonkit ${command}` : 'daemonkit';
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${prefix}: ${message.split('\n')[0]}\n`);
  if (/(^|,)\s*daemonkit\b/.test(process.env.DEBUG ?? '') && error instanceof Error) {
    process.stderr.write(`${error.stack ?? ''}\n`);
    if (error.cause instanceof Error) process.stderr.write(`cause: ${error.cause.stack ?? error.cause.message}\n`);
  }
  return error instanceof CliError ? error.exitCode : EXIT_CODES.failure;
}
