// The entry of startDaemon()'s guard process (built to dist/guard-main.js). Its launcher sends the spec over the IPC
// channel; the guard answers once its children have started, then lets go of the channel and runs on alone.
import { runCommandGuard, type GuardAnswer } from './command-guard.js';
import type { CommandGuardSpec } from './command-services.js';

process.once('message', (message) => {
  const answer = (reply: GuardAnswer) => {
    process.send?.(reply, () => process.disconnect?.());
  };
  runCommandGuard((message as { spec: CommandGuardSpec }).spec, answer).catch((error: unknown) => {
    answer({ ok: false, error: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
  });
});
