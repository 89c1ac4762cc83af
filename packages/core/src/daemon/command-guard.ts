import { waitUp } from '../control/server.js';
import { treeTarget } from '../control/target.js';
import { resolveLogFile } from '../logs/types.js';
import { rootChildName } from '../tree/node.js';
import { attachTreeLifecycleLog, logGuardLine } from './lifecycle-log.js';
import { commandTree, type CommandGuardSpec } from './command-services.js';
import { holdGuard, type HeldGuard } from './guard-runtime.js';
import { recordChildren } from './guard.js';

/** What the guard tells its launcher over the IPC channel, once, before it lets go of it. */
export type GuardAnswer = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** The service a child (`web#1`) belongs to, in the spec. */
const serviceOf = (spec: CommandGuardSpec, child: string) => spec.services[rootChildName(child)];

/**
 * The guard of startDaemon(), in its own detached process: runs the services as one tree, answers on the control
 * socket, and tells the launcher (through `answer`) once every child has spawned, or why it could not start them; then
 * supervises until stopped. SIGTERM and SIGINT stop it; it exits 1 when the tree gives up, 0 otherwise.
 */
export async function runCommandGuard(spec: CommandGuardSpec, answer: (message: GuardAnswer) => void): Promise<never> {
  const tree = commandTree(spec);
  const target = treeTarget(tree);
  attachTreeLifecycleLog(tree);
  tree.on('error', ({ error, event }) => logGuardLine(`error in a ${event} listener: ${error instanceof Error ? error.message : String(error)}`));
  let held: HeldGuard;
  try {
    held = await holdGuard(
      {
        name: spec.name,
        paths: spec.paths,
        target,
        killTimeoutMs: Math.max(...Object.values(spec.services).map((s) => s.killTimeoutMs ?? 5000)),
        logFileOf: (child) => {
          const logFile = serviceOf(spec, child)?.logFile;
          return logFile === undefined ? undefined : resolveLogFile(logFile).path;
        },
        hasReadiness: (child) => serviceOf(spec, child)?.readiness !== undefined,
        logLines: true,
      },
      (children) => recordChildren(tree, children),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logGuardLine(`cannot start: ${message}`);
    answer({ ok: false, error: message });
    process.exit(1);
  }
  process.on('SIGTERM', () => void tree.stop());
  process.on('SIGINT', () => void tree.stop());
  process.on('SIGHUP', () => {});
  logGuardLine(`started for services ${Object.keys(spec.services).join(', ')} (control socket ${spec.paths.socket})`);
  const up = waitUp(target, undefined, (child) => spec.waitReady && serviceOf(spec, child)?.readiness !== undefined);
  tree.start();
  try {
    await up;
    answer({ ok: true });
  } catch (error) {
    answer({ ok: false, error: error instanceof Error ? error.message : String(error) });
    await tree.stop();
    return held.exit(1);
  }
  const { reason } = await tree.done;
  return held.exit(reason === 'giveup' ? 1 : 0);
}
