import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { DIR_ENV, killSurvivors, ROOT_ENV } from '../helpers/pid-registry.js';

// Per test: a fresh registry directory in the environment (children inherit it); afterwards any survivor is killed
// and fails the test that left it.
beforeEach(() => {
  const root = process.env[ROOT_ENV] ?? tmpdir();
  process.env[DIR_ENV] = mkdtempSync(join(root, 'test-'));
});

afterEach(() => {
  const dir = process.env[DIR_ENV];
  delete process.env[DIR_ENV];
  if (!dir) return;
  const leaked = killSurvivors(dir);
  if (leaked.length > 0) throw new Error(`Test left processes running (now killed): ${leaked.join(', ')}`);
});
