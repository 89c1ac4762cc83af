import { onExit } from 'signal-exit';
import { signalGroup } from './process-group.js';

// Process groups of live children, with the signal each should receive if this process dies first. signal-exit
// runs the hook on a normal exit, an uncaught error, and SIGINT/SIGTERM/SIGHUP, then re-raises the signal.
const live = new Map<number, NodeJS.Signals>();
let installed = false;

/** Signals every registered group now, synchronously: the last thing a dying supervisor can do. */
function signalAll(): void {
  for (const [pid, signal] of live) signalGroup(pid, signal);
  live.clear();
}

export function trackChildGroup(pid: number, signal: NodeJS.Signals): void {
  if (!installed) {
    installed = true;
    onExit(signalAll, { alwaysLast: true });
  }
  live.set(pid, signal);
}

export function untrackChildGroup(pid: number): void {
  live.delete(pid);
}
