// A service for the tree-strategies example: stays up until SIGTERM, then exits cleanly.
// Usage: tree-service.mjs [crashAfterMs stateFile] — with them, its first run (no state file yet) writes the state
// file and exits with code 1 after crashAfterMs; the runs after it stay up.
import { existsSync, writeFileSync } from 'node:fs';

const [crashAfterMs, stateFile] = process.argv.slice(2);
process.on('SIGTERM', () => process.exit(0));
if (stateFile && !existsSync(stateFile)) {
  writeFileSync(stateFile, 'crashed');
  setTimeout(() => process.exit(1), Number(crashAfterMs));
}
setInterval(() => {}, 1 << 30);
