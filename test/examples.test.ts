import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNode } from './helpers/programs.js';

// `pnpm example` is the README's first command: the demo must run as is and show both endings.
const demo = fileURLToPath(new URL('../packages/examples/src/crash-loop-demo.ts', import.meta.url));

describe('the crash-loop demo (pnpm example)', () => {
  it('prints a timeline in which the first worker recovers and the second is given up on', async () => {
    const { code, stdout, stderr } = await runNode(['--import', 'tsx', '--conditions=@daemonkit/source', demo]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\s+[\d.]+s\s+backoff\s+attempt 2 in 100 ms$/m);
    expect(stdout).toMatch(/^\s+[\d.]+s\s+stop\s+completed$/m);
    expect(stdout).toMatch(/^\s+[\d.]+s\s+giveup\s+Gave up on .*4 consecutive failures/m);
    expect(stdout).toMatch(/^\s+[\d.]+s\s+stop\s+giveup$/m);
  });
});
