import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registerPid } from './helpers/pid-registry.js';
import { isAlive } from './helpers/process-liveness.js';
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

// `pnpm example:tree`: the three strategies side by side, each tree ending by itself and leaving nothing running.
const treeDemo = fileURLToPath(new URL('../packages/examples/src/tree-strategies.ts', import.meta.url));

describe('the tree-strategies example (pnpm example:tree)', () => {
  it('shows which children each strategy restarts when web crashes, then stops each tree in reverse order', async () => {
    const { code, stdout, stderr } = await runNode(['--import', 'tsx', '--conditions=@daemonkit/source', treeDemo]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // Each strategy's timeline, without times and pids: `web crash (exit 1)`, `group restart: web jobs (...)`.
    const timeline = (strategy: string) =>
      [...stdout.matchAll(new RegExp(`^ +\\+\\d+\\.\\d\\ds  ${strategy} +(.*)$`, 'gm'))].map((m) => m[1]!.replace(/ +/g, ' ').replace(/pid \d+/, 'pid'));
    const stopped = ['tree.stop()', 'jobs stopped', 'web stopped', 'db stopped', 'tree stopped (requested)'];
    const started = ['db start pid', 'web start pid', 'jobs start pid'];
    expect(timeline('one-for-one')).toEqual([...started, 'web crash (exit 1)', 'web start pid', ...stopped]);
    expect(timeline('one-for-all')).toEqual([
      ...started,
      'web crash (exit 1)',
      'group restart: db web jobs (because web failed)',
      'jobs stopped',
      'db stopped',
      ...started,
      ...stopped,
    ]);
    expect(timeline('rest-for-one')).toEqual([
      ...started,
      'web crash (exit 1)',
      'group restart: web jobs (because web failed)',
      'jobs stopped',
      'web start pid',
      'jobs start pid',
      ...stopped,
    ]);
    expect(stdout).toContain('=> one-for-one: restarted web; kept running: db, jobs');
    expect(stdout).toContain('=> one-for-all: restarted db, web, jobs; kept running: nothing');
    expect(stdout).toContain('=> rest-for-one: restarted web, jobs; kept running: db');
    // Every child it started is gone (registered all the same: the leak check kills any survivor).
    const pids = [...stdout.matchAll(/start +pid (\d+)/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(3 + 1 + 3 + 3 + 3 + 2);
    for (const pid of pids) registerPid(pid);
    for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false);
  }, 60_000);
});
