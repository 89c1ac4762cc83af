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
  // The daemon commands: start loads zod (configs); the others only the core's control plane client.
  start: () => import('./commands/start.js'),
  stop: () => import('./commands/control.js').then((m) => m.stop),
  restart: () => import('./commands/control.js').then((m) => m.restart),
  status: () => import('./commands/control.js').then((m) => m.status),
  list: () => import('./commands/control.js').then((m) => m.list),
  logs: () => import('./commands/control.js').then((m) => m.logs),
  'reopen-logs': () => import('./commands/control.js').then((m) => m.reopenLogs),
  events: () => import('./commands/control.js').then((m) => m.events),
  signal: () => import('./commands/control.js').then((m) => m.signal),
};

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
      const all = Object.keys(COMMANDS);
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
