// A worker that crashes at start-up until its state file says it has failed enough times, then serves for a
// while and exits cleanly. Usage: flaky-worker.mjs <stateFile> <failures>
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const [stateFile, failuresArg] = process.argv.slice(2);
const failures = Number(failuresArg);
const crashesSoFar = existsSync(stateFile) ? Number(readFileSync(stateFile, 'utf8')) : 0;

if (crashesSoFar < failures) {
  writeFileSync(stateFile, String(crashesSoFar + 1));
  setTimeout(() => {
    console.error(`worker ${process.pid}: cannot connect to the database (try ${crashesSoFar + 1})`);
    process.exit(1);
  }, 50);
} else {
  console.log(`worker ${process.pid}: serving`);
  setTimeout(() => process.exit(0), 600);
}
