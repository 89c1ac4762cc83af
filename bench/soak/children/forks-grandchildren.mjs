// Usage: forks-grandchildren.mjs <outDir>. Starts two grandchildren in its own process group (plain spawn, not
// detached): `/bin/sleep 1000`, which dies of SIGTERM, and stubborn-grandchild.mjs, which ignores it. Once the
// stubborn one says its handler is in place, writes {"pids":[...]} to <outDir>/<its own pid>.json and exits 1,
// leaving both behind.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [outDir] = process.argv.slice(2);
const sleeper = spawn('/bin/sleep', ['1000'], { stdio: 'ignore' });
const stubborn = spawn(process.execPath, [fileURLToPath(new URL('./stubborn-grandchild.mjs', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'ignore'],
});
stubborn.stdout.once('data', () => {
  writeFileSync(join(outDir, `${process.pid}.json`), JSON.stringify({ pids: [sleeper.pid, stubborn.pid] }));
  process.exit(1);
});
