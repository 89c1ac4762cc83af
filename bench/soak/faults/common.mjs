// What the fault scenarios share: where their child scripts are, a check row, and stopping a Supervisor that a
// failed scenario left running.
import { fileURLToPath } from 'node:url';
import { withDeadline } from '../wait.mjs';

export const NODE = process.execPath;

export const childScript = (name) => fileURLToPath(new URL(`../children/${name}`, import.meta.url));

export const check = (what, pass) => ({ what, pass: Boolean(pass) });

/** Stops `supervisor` (SIGKILL after 500 ms) unless it has stopped; never throws. */
export async function ensureStopped(supervisor) {
  if (!supervisor || supervisor.state === 'stopped') return;
  await withDeadline(supervisor.stop({ timeoutMs: 500 }), 10_000, 'clean-up stop').catch(() => {});
}
