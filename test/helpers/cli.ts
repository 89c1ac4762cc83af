import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { vi, expect } from 'vitest';
import { defer } from './cleanup.js';
import { registerPid } from './pid-registry.js';
import { isAlive } from './process-liveness.js';
import type { Finished } from './programs.js';
import { fixture, tempDir } from './supervisors.js';

export { fixture };

/** The real bin, as npm links it: a committed shim that loads packages/cli/dist (built by `pnpm build`). */
export const BIN = fileURLToPath(new URL('../../packages/cli/bin/daemonkit.js', import.meta.url));

/** The environment of a CLI run: a fresh state folder, no colours forced either way, no DEBUG. */
export function cliEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DAEMONKIT_HOME: tempDir(), ...extra };
  if (!('DEBUG' in extra)) delete env.DEBUG;
  if (!('FORCE_COLOR' in extra)) delete env.FORCE_COLOR;
  return env;
}

/** A running `daemonkit ...`: its pid registered, its output collected, stopped (SIGKILL to it) after the test if still alive. */
export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly finished: Promise<Finished>;
}

export function startCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: options.env ?? cliEnv(), cwd: options.cwd, stdio: 'pipe' });
  registerPid(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const finished = new Promise<Finished>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  defer(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await finished;
  });
  return { child, stdout: () => stdout, stderr: () => stderr, finished };
}

/** Runs `daemonkit ...` to its end. */
export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Finished> {
  return startCli(args, options).finished;
}

/** Waits until `read()` matches `pattern`; returns the match. */
export function waitForText(read: () => string, pattern: RegExp, timeout = 20_000): Promise<RegExpExecArray> {
  return vi.waitFor(
    () => {
      const match = pattern.exec(read());
      expect(match, `no match for ${pattern} in:\n${read()}`).not.toBeNull();
      return match!;
    },
    { timeout, interval: 25 },
  );
}

/** Waits until `pid` is gone. */
export function waitGone(pid: number): Promise<void> {
  return vi.waitFor(() => expect(isAlive(pid), `pid ${pid} still alive`).toBe(false), { timeout: 20_000, interval: 25 });
}
