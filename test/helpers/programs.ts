import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, vi } from 'vitest';
import { stopDaemon } from '@daemonkit/core';
import { defer } from './cleanup.js';
import { registerPid } from './pid-registry.js';

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node <args>` to its end (a launcher returns to its "shell"), registering its pid for the leak check. */
export function runNode(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Finished> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  registerPid(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Reads a file that may not exist yet as '' . */
export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Waits until `path` contains a line matching `pattern`; returns the match. */
export function waitForLine(path: string, pattern: RegExp): Promise<RegExpExecArray> {
  return vi.waitFor(
    () => {
      const match = pattern.exec(readText(path));
      expect(match, `${path} has no line matching ${pattern}:\n${readText(path)}`).not.toBeNull();
      return match!;
    },
    { timeout: 20_000, interval: 25 },
  );
}

/** Stops the daemon of `pidFile` after the test, whatever happened in it (before its folder is removed). */
export function stopAfterTest(pidFile: string): void {
  defer(() => stopDaemon({ pidFile, timeoutMs: 15_000 }));
}
