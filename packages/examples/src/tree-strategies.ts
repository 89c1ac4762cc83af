// `pnpm example:tree`: one SupervisorTree per restart strategy, run one after the other, each over the same three
// children started in order: db, web, jobs. web crashes once, 700 ms after it starts; the timeline shows which
// children the tree restarts because of it, then the tree is stopped (children stop last started first).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeOutcome, SupervisorTree, type TreeStrategy } from '@daemonkit/core';

const service = fileURLToPath(new URL('./workers/tree-service.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'daemonkit-tree-demo-'));
const CHILDREN = ['db', 'web', 'jobs'];
let interrupted = false;

const WHAT: Record<TreeStrategy, string> = {
  'one-for-one': 'only the child that failed is restarted',
  'one-for-all': 'every child is restarted: the others are stopped (last started first), then all start in order',
  'rest-for-one': 'the failed child and the children started after it are restarted',
};

async function act(strategy: TreeStrategy): Promise<void> {
  console.log(`\n${strategy}: ${WHAT[strategy]}\n`);
  const tree = new SupervisorTree({
    strategy,
    children: CHILDREN.map((name) => ({
      name,
      command: process.execPath,
      args: name === 'web' ? [service, '700', join(scratch, `${strategy}.web-crashed`)] : [service],
      stdio: 'ignore' as const,
    })),
  });

  const t0 = performance.now();
  const line = (child: string, text: string) => {
    const time = `+${((performance.now() - t0) / 1000).toFixed(2)}s`.padStart(7);
    console.log(`${time}  ${strategy.padEnd(12)}  ${child.padEnd(4)}  ${text}`);
  };
  const spawns = new Map<string, number>();
  tree.on('spawn', ({ child, pid }) => {
    spawns.set(child, (spawns.get(child) ?? 0) + 1);
    line(child, `start    pid ${pid}`);
  });
  tree.on('crash', ({ child, run }) => {
    line(child, `crash (${run.outcome.kind === 'exited' ? `exit ${run.outcome.code}` : describeOutcome(run.outcome)})`);
  });
  // A run the tree itself ended: a sibling stopped by a group restart, or the final stop.
  tree.on('exit', ({ child, run }) => {
    if (run.stopRequested) line(child, 'stopped');
  });
  tree.on('group-restart', ({ children, trigger }) => line('', `group restart: ${children.join(' ')} (because ${trigger} failed)`));
  tree.on('tree-giveup', ({ reason }) => line('', `tree gave up: ${reason}`));

  // The restart is over once every child it restarts has started again.
  const restarting = new Set<string>();
  const restarted = new Promise<void>((resolve) => {
    tree.on('crash', ({ child }) => restarting.add(child));
    tree.on('group-restart', ({ children }) => children.forEach((c) => restarting.add(c)));
    tree.on('spawn', ({ child }) => {
      if (restarting.delete(child) && restarting.size === 0) resolve();
    });
  });
  // Ctrl+C stops the tree (and so every child) instead of leaving the children behind, and ends the demo.
  const onSigint = () => {
    interrupted = true;
    void tree.stop();
  };
  process.once('SIGINT', onSigint);
  tree.start();

  await Promise.race([restarted, tree.done]);
  // Let the restarted children run a moment before stopping the tree.
  await Promise.race([new Promise((resolve) => setTimeout(resolve, 300)), tree.done]);
  if (!interrupted) line('', 'tree.stop()');
  const { reason } = await tree.stop();
  line('', `tree stopped (${reason})`);
  process.off('SIGINT', onSigint);
  if (interrupted) return;

  const again = CHILDREN.filter((c) => (spawns.get(c) ?? 0) > 1);
  const kept = CHILDREN.filter((c) => !again.includes(c));
  console.log(`\n  => ${strategy}: restarted ${again.join(', ') || 'nothing'}; kept running: ${kept.join(', ') || 'nothing'}`);
}

console.log('Three trees, one per strategy, each with three children started in order: db, web, jobs.');
console.log('web crashes once, 700 ms after it starts. Which children does each tree restart?');

try {
  for (const strategy of ['one-for-one', 'one-for-all', 'rest-for-one'] as const) {
    if (!interrupted) await act(strategy);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
