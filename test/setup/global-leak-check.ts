import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killSurvivors, removeDir, ROOT_ENV } from '../helpers/pid-registry.js';

// Suite-level check: any registered process still alive when the whole run ends fails the run.
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'daemonkit-pids-'));
  process.env[ROOT_ENV] = root;
  return () => {
    const leaked = killSurvivors(root);
    removeDir(root);
    if (leaked.length > 0) throw new Error(`Processes left running by the test suite (now killed): ${leaked.join(', ')}`);
  };
}
