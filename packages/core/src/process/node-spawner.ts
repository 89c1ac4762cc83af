import { exited, signaled, spawnFailed } from '../policy/outcomes.js';
import type { ExitOutcome } from '../policy/types.js';
import type { ChildHandle, ChildHooks, SpawnSpec, Spawner } from './seams.js';
import { trackChildGroup, untrackChildGroup } from './exit-cleanup.js';
import { groupAlive, groupMembers, signalGroup } from './process-group.js';
import { childProcess } from './builtins.js';

/** How long to wait, after a piped child exited, for the rest of its output. */
const PIPE_DRAIN_MS = 200;

/**
 * The real spawner: no shell, the child leads its own process group (detached) so that its grandchildren can be
 * signalled with it. The price: Ctrl+C in a terminal no longer reaches the child; the supervisor forwards instead.
 */
export const nodeSpawner: Spawner = Object.freeze({
  spawn(spec: SpawnSpec, hooks: ChildHooks): ChildHandle {
    let reported = false;
    const report = (outcome: ExitOutcome, exitedAt?: number) => {
      if (reported) return;
      reported = true;
      hooks.onExit(outcome, exitedAt === undefined ? 0 : performance.now() - exitedAt);
    };
    const child = childProcess().spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: spec.ipc ? [...spec.stdio, 'ipc'] : [...spec.stdio],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const pid = child.pid;
    // Real processes only: if this process dies first, the child's group gets its kill signal on the way out.
    if (pid !== undefined) trackChildGroup(pid, spec.killSignal ?? 'SIGTERM');
    // Kept for the child's whole life: an 'error' without a listener would throw in the supervisor.
    child.on('error', (error: NodeJS.ErrnoException) => {
      // Only a failure to start is an outcome; later errors (a closed IPC channel) are not.
      if (pid !== undefined) return;
      // Reported from the check phase, never from process.nextTick, so that a policy restarting a missing command
      // without delay cannot starve timers and I/O (stop() must still get through).
      setImmediate(() => report(spawnFailed(error.code ?? 'ESPAWN', error.message)));
    });
    child.once('exit', (code, signal) => {
      const outcome = code === null ? signaled(signal ?? 'SIGKILL') : exited(code);
      if (!child.stdout && !child.stderr) {
        report(outcome);
        return;
      }
      // Piped output may still be in flight at 'exit': wait for the pipes to drain ('close'), but not for long, since
      // a grandchild that inherited them could hold them open until its group is reaped. The report says how late it is.
      const exitedAt = performance.now();
      const timer = setTimeout(() => report(outcome, exitedAt), PIPE_DRAIN_MS);
      child.once('close', () => {
        clearTimeout(timer);
        report(outcome, exitedAt);
      });
    });
    if (spec.ipc && hooks.onMessage) {
      const onMessage = hooks.onMessage;
      child.on('message', (message) => onMessage(message));
    }
    return {
      pid,
      stdout: child.stdout,
      stderr: child.stderr,
      signal: (sig) => {
        if (pid !== undefined) signalGroup(pid, sig);
      },
      signalProcess: (sig) => {
        try {
          // Node's own kill() sends nothing once the child has exited: its pid may belong to another process by then.
          child.kill(sig);
        } catch {
          // Gone meanwhile.
        }
      },
      groupAlive: () => pid !== undefined && groupAlive(pid),
      release: () => {
        if (pid !== undefined) untrackChildGroup(pid);
      },
      groupMembers: () => (pid === undefined ? [] : groupMembers(pid)),
      send: (message) => {
        if (!child.connected) return false;
        try {
          // With a callback, a channel that closes meanwhile is reported there instead of as an 'error' event.
          return child.send(message as never, () => {});
        } catch {
          return false;
        }
      },
    };
  },
});
