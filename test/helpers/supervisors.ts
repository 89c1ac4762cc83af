import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Supervisor, SupervisorTree, type SupervisorEvents, type SupervisorOptions, type TreeOptions } from '@daemonkit/core';
import { defer } from './cleanup.js';
import { registerPid } from './pid-registry.js';

/** Absolute path of a fixture script in test/fixtures. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

/** A Supervisor whose children are registered for the leak check and which is stopped after the test. */
export function supervise(options: SupervisorOptions): Supervisor {
  const supervisor = new Supervisor(options);
  supervisor.on('spawn', ({ pid }) => registerPid(pid));
  // These tests read a giveup from `done`; an unobserved giveup's warning is tested on its own (ending.test.ts).
  supervisor.on('giveup', () => {});
  defer(() => supervisor.stop({ timeoutMs: 1000 }));
  return supervisor;
}

/**
 * A SupervisorTree whose children (every replica, every nested tree's child, every restart) are registered for the
 * leak check as they are spawned, and which is stopped after the test.
 */
export function superviseTree(options: TreeOptions): SupervisorTree {
  const tree = new SupervisorTree(options);
  tree.on('spawn', ({ pid }) => registerPid(pid));
  // These tests read a giveup from `done` or the event; an unobserved root giveup would be a process warning.
  tree.on('tree-giveup', () => {});
  defer(() => tree.stop());
  return tree;
}

/** A temporary directory removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'daemonkit-test-'));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The payload of the next `type` event. */
export function nextEvent<K extends keyof SupervisorEvents>(
  supervisor: Supervisor,
  type: K,
): Promise<Parameters<SupervisorEvents[K]>[0]> {
  return new Promise((resolve) => {
    (supervisor.once as (t: K, l: (payload: Parameters<SupervisorEvents[K]>[0]) => void) => void)(type, resolve);
  });
}
