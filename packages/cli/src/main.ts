// The bin's entry. `--version` is answered before anything else is loaded; every command is its own module, loaded
// only when asked for, so that no command pays for another's imports (the core and zod load only where needed).
import { readVersion } from './version.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version')) {
  process.stdout.write(`${readVersion()}\n`);
} else {
  const { main } = await import('./cli.js');
  process.exitCode = await main(argv);
}
