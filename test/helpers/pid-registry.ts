import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandLineOf, isAlive } from './process-liveness.js';

// Every process a test starts is registered as a file named by its pid: the test code registers what it spawns,
// and fixture scripts register themselves (test/fixtures/register.mjs) so that grandchildren and daemons are
// caught too. The directory is per test, passed down through the environment.
export const ROOT_ENV = 'DAEMONKIT_TEST_PID_ROOT';
export const DIR_ENV = 'DAEMONKIT_TEST_PID_DIR';

export function registerPid(pid: number | undefined): void {
  const dir = process.env[DIR_ENV];
  if (pid === undefined || !dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, String(pid)), '');
}

/** Pids registered under `dir` (recursively) that are still alive. */
export function survivorsIn(dir: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return [];
  }
  return entries
    .map((entry) => Number(entry.split('/').pop()))
    .filter((pid) => Number.isInteger(pid) && pid > 0 && isAlive(pid));
}

/** Kills survivors by pid (and their process groups), and describes them. */
export function killSurvivors(dir: string): string[] {
  const survivors = survivorsIn(dir);
  const described = survivors.map((pid) => `${pid} (${commandLineOf(pid)})`);
  for (const pid of survivors) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // Not a group leader, or already gone.
      }
    }
  }
  return described;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
