// SupervisorTree: start time of a tree of N children without readiness against N bare spawns one after the other
// (interleaved in one process), the supervisor's memory per idle child against bare ChildProcess objects (fresh
// processes of 1 and M children each), and what an idle tree of M children keeps active (timers) and burns (CPU).
// The processes are bench/tree-child.mjs; the children are /bin/sleep 1000 with stdio 'ignore'.
import { fmtDiff, fmtMs, fmtX, progress, verdict } from '../lib/format.mjs';
import { startNode } from '../lib/node.mjs';
import { benchFile, distEsmUrl } from '../lib/paths.mjs';
import { groupMembers, isAlive } from '../lib/procs.mjs';
import { median } from '../lib/stats.mjs';
import { TARGET } from '../lib/targets.mjs';
import { killQuietly, track, untrack } from '../lib/tracking.mjs';

export const name = 'tree';

// The cheapest honest idle child: a real exec'd binary that stays up and does nothing (a node child would cost
// ~40 MiB and ~50 ms of CPU each, which at 200 children would swamp the machine and the figures alike).
const COMMAND = '/bin/sleep';
const ARGS = ['1000'];

/** Runs bench/tree-child.mjs with `cfg`; tracks the pids it reports, checks them gone after it exits. */
async function runTreeChild(cfg) {
  const pids = [];
  let result;
  const { exited } = startNode(
    ['--expose-gc', benchFile('tree-child.mjs'), JSON.stringify({ dist: distEsmUrl, command: COMMAND, args: ARGS, ...cfg })],
    {
      onLine: (line) => {
        if (line.startsWith('PIDS ')) {
          const got = line.slice(5).split(' ').map(Number);
          got.forEach(track);
          pids.push(...got);
        } else if (line.startsWith('{')) {
          result = JSON.parse(line);
        }
      },
    },
  );
  const { code, signal } = await exited;
  // The child stopped every child of its own before printing: verify by pid and by group, kill what is left.
  const left = [...new Set([...pids.filter(isAlive), ...pids.flatMap(groupMembers)])];
  for (const pid of left) killQuietly(pid);
  pids.forEach(untrack);
  if (code !== 0 || !result) throw new Error(`tree child ${JSON.stringify(cfg)} failed (code ${code}, signal ${signal})`);
  return { ...result, leftAfterExit: left.length, pidsSeen: pids.length };
}

async function measureStart(opt) {
  progress(`tree start: ${opt.treeRounds} rounds (+1 warm-up) of bare / tree / burst, ${opt.treeChildren} children each`);
  const r = await runTreeChild({ mode: 'start', children: opt.treeChildren, rounds: opt.treeRounds });
  const ms = (which, key = 'ms') => median(r.rounds.map((x) => x[which][key]));
  const bare = ms('bare');
  const tree = ms('tree');
  progress(`tree start: bare ${bare.toFixed(2)} ms, tree ${tree.toFixed(2)} ms, burst ${ms('burst').toFixed(2)} ms (medians)`);
  const samples = r.rounds.flatMap((x) => Object.values(x));
  return {
    rounds: r.rounds,
    bare,
    tree,
    burst: ms('burst'),
    ratio: tree / bare,
    pairedRatio: median(r.rounds.map((x) => x.tree.ms / x.bare.ms)),
    constructMs: median(r.rounds.map((x) => x.tree.constructMs)),
    cpuMs: { bare: ms('bare', 'cpuMs'), tree: ms('tree', 'cpuMs') },
    pairedCpuDiff: median(r.rounds.map((x) => x.tree.cpuMs - x.bare.cpuMs)),
    ownWork: r.ownWork,
    own: Object.fromEntries(
      ['bare', 'tree'].map((k) => [k, Object.fromEntries(['inSpawnUs', 'ownUs', 'ownCpuUs'].map((f) => [f, median(r.ownWork.map((w) => w[k][f]))]))]),
    ),
    complete: samples.every((s) => s.spawned === opt.treeChildren),
    leftInProcess: samples.reduce((n, s) => n + s.left + (s.survivors ?? 0), 0),
    leftAfterExit: r.leftAfterExit,
    pidsSeen: r.pidsSeen,
  };
}

async function measureMemory(opt) {
  const big = opt.treeMemChildren;
  progress(`tree memory: ${opt.treeMemRounds} rounds of bare/tree x 1/${big} children, ${opt.settleMs} ms settle, ${opt.treeIdleMs} ms idle window`);
  const configs = [
    { kind: 'bare', children: 1 },
    { kind: 'tree', children: 1 },
    { kind: 'bare', children: big },
    { kind: 'tree', children: big },
  ];
  const rounds = [];
  for (let r = 0; r < opt.treeMemRounds; r++) {
    const round = { bare: {}, tree: {} };
    for (let k = 0; k < configs.length; k++) {
      const c = configs[(r + k) % configs.length];
      const idleMs = c.children === big ? opt.treeIdleMs : 0;
      round[c.kind][c.children === big ? 'big' : 'one'] = await runTreeChild({ mode: 'memory', ...c, settleMs: opt.settleMs, idleMs });
    }
    for (const kind of ['bare', 'tree']) {
      const { one, big: many } = round[kind];
      round[kind].heapPerChild = (many.heapUsed - one.heapUsed) / (big - 1);
      round[kind].rssPerChild = (many.rss - one.rss) / (big - 1);
    }
    progress(
      `tree memory round ${r + 1}/${opt.treeMemRounds}: per child heapUsed bare ${(round.bare.heapPerChild / 1024).toFixed(2)} KiB, ` +
        `tree ${(round.tree.heapPerChild / 1024).toFixed(2)} KiB; idle CPU bare ${round.bare.big.cpuMs.toFixed(1)} ms, tree ${round.tree.big.cpuMs.toFixed(1)} ms; ` +
        `Timeouts bare ${round.bare.big.timeouts}, tree ${round.tree.big.timeouts}`,
    );
    rounds.push(round);
  }
  const med = (f) => median(rounds.map(f));
  const runs = rounds.flatMap((r) => [r.bare.one, r.bare.big, r.tree.one, r.tree.big]);
  const idleTrees = rounds.map((r) => r.tree.big);
  return {
    rounds,
    heapPerChild: { bare: med((r) => r.bare.heapPerChild), tree: med((r) => r.tree.heapPerChild) },
    pairedHeapDiff: med((r) => r.tree.heapPerChild - r.bare.heapPerChild),
    rssPerChild: { bare: med((r) => r.bare.rssPerChild), tree: med((r) => r.tree.rssPerChild) },
    pairedRssDiff: med((r) => r.tree.rssPerChild - r.bare.rssPerChild),
    heapUsedBig: { bare: med((r) => r.bare.big.heapUsed), tree: med((r) => r.tree.big.heapUsed) },
    timeouts: {
      bare: Math.max(...rounds.map((r) => Math.max(r.bare.big.timeouts, r.bare.big.timeoutsAfterIdle))),
      tree: Math.max(...rounds.map((r) => Math.max(r.tree.big.timeouts, r.tree.big.timeoutsAfterIdle))),
    },
    resources: { bare: rounds.at(-1).bare.big.resources, tree: rounds.at(-1).tree.big.resources },
    idleCpuMs: { bare: med((r) => r.bare.big.cpuMs), tree: med((r) => r.tree.big.cpuMs) },
    idleCallbacks: { bare: med((r) => r.bare.big.callbacks), tree: med((r) => r.tree.big.callbacks) },
    pairedCpuDiff: med((r) => r.tree.big.cpuMs - r.bare.big.cpuMs),
    // An idle tree: every child up, running, never restarted, no exit/crash/backoff/giveup event during the window.
    valid:
      runs.every((x) => x.spawned === x.children) &&
      idleTrees.every((t) => t.states.running === big && t.restarts === 0 && t.events === 0),
    left: runs.reduce((n, x) => n + x.left + x.survivors + x.leftAfterExit, 0),
  };
}

export async function measure(opt) {
  const start = await measureStart(opt);
  const memory = await measureMemory(opt);
  return { start, memory };
}

const kib = (bytes, d = 2) => `${(bytes / 1024).toFixed(d)} KiB`;
const ownCell = (o) => `${o.ownUs.toFixed(0)} / ${o.ownCpuUs.toFixed(0)}, ${o.inSpawnUs.toFixed(0)} us`;
const pct = (cpuMs, windowMs) => `${((100 * cpuMs) / windowMs).toFixed(3)} %`;

export function rows({ start, memory }, { opt }) {
  const big = opt.treeMemChildren;
  const heapDiff = memory.heapPerChild.tree - memory.heapPerChild.bare;
  const rssDiff = memory.rssPerChild.tree - memory.rssPerChild.bare;
  const timerDiff = memory.timeouts.tree - memory.timeouts.bare;
  const w = opt.treeIdleMs;
  return [
    {
      metric: `Tree start, ${opt.treeChildren} children, no readiness: start() -> last spawn (median of ${opt.treeRounds})`,
      baseline: fmtMs(start.bare, 2),
      subject: fmtMs(start.tree, 2),
      delta: `${fmtX(start.ratio)} (paired ${fmtX(start.pairedRatio)})`,
      target: `<= ${TARGET.treeStartRatio.toFixed(2)}x`,
      result: start.complete ? verdict(start.ratio <= TARGET.treeStartRatio) : 'PROBE?',
    },
    {
      metric: '  same, CPU time of the starting process over that window (median)',
      baseline: fmtMs(start.cpuMs.bare, 2),
      subject: fmtMs(start.cpuMs.tree, 2),
      delta: `${fmtDiff(start.cpuMs.tree - start.cpuMs.bare, 2)} (paired ${fmtDiff(start.pairedCpuDiff, 2)}, ${((1000 * start.pairedCpuDiff) / opt.treeChildren).toFixed(0)} us/child)`,
      target: 'info',
      result: 'INFO',
    },
    {
      metric: '  per child: outside spawn() wall / CPU, in spawn() wall (untimed pass, median of 3)',
      baseline: ownCell(start.own.bare),
      subject: ownCell(start.own.tree),
      delta: `outside spawn() ${fmtDiff(start.own.tree.ownUs - start.own.bare.ownUs, 0, 'us')} wall, ${fmtDiff(start.own.tree.ownCpuUs - start.own.bare.ownCpuUs, 0, 'us')} CPU`,
      target: 'info',
      result: 'INFO',
    },
    {
      metric: `  same, ${opt.treeChildren} bare spawn() in one synchronous loop / new SupervisorTree()`,
      baseline: fmtMs(start.burst, 2),
      subject: `${fmtMs(start.constructMs, 2)} (not timed above)`,
      delta: `${fmtX(start.tree / start.burst)} tree over the burst`,
      target: 'info',
      result: 'INFO',
    },
    {
      metric: `Tree memory per idle child, heapUsed after gc ((M${big} - M1) / ${big - 1}, median of ${opt.treeMemRounds})`,
      baseline: kib(memory.heapPerChild.bare),
      subject: kib(memory.heapPerChild.tree),
      delta: `${fmtDiff(heapDiff / 1024, 2, 'KiB')} (paired ${fmtDiff(memory.pairedHeapDiff / 1024, 2, 'KiB')})`,
      target: `<= +${TARGET.treeHeapPerChildKiB} KiB`,
      result: memory.valid ? verdict(heapDiff / 1024 <= TARGET.treeHeapPerChildKiB) : 'PROBE?',
    },
    {
      metric: '  same, RSS',
      baseline: kib(memory.rssPerChild.bare),
      subject: kib(memory.rssPerChild.tree),
      delta: `${fmtDiff(rssDiff / 1024, 2, 'KiB')} (paired ${fmtDiff(memory.pairedRssDiff / 1024, 2, 'KiB')})`,
      target: 'info',
      result: 'INFO',
    },
    {
      metric: `Idle tree of ${big}: 'Timeout' active resources (before / after a ${w / 1000} s idle window, max of ${opt.treeMemRounds})`,
      baseline: `${memory.timeouts.bare}`,
      subject: `${memory.timeouts.tree}`,
      delta: `${timerDiff >= 0 ? '+' : ''}${timerDiff} timers; tree ${JSON.stringify(memory.resources.tree).replace(/"/g, '')}`,
      target: `${TARGET.treeIdleTimers} timers`,
      result: memory.valid ? verdict(timerDiff <= TARGET.treeIdleTimers && memory.timeouts.tree <= TARGET.treeIdleTimers) : 'PROBE?',
    },
    {
      metric: `  same, supervising process CPU over the ${w / 1000} s idle window (median of ${opt.treeMemRounds})`,
      baseline: `${fmtMs(memory.idleCpuMs.bare, 1)} (${pct(memory.idleCpuMs.bare, w)})`,
      subject: `${fmtMs(memory.idleCpuMs.tree, 1)} (${pct(memory.idleCpuMs.tree, w)})`,
      delta: `${fmtDiff(memory.idleCpuMs.tree - memory.idleCpuMs.bare, 1)} (paired ${fmtDiff(memory.pairedCpuDiff, 1)}); callbacks run: ${memory.idleCallbacks.bare} / ${memory.idleCallbacks.tree}`,
      target: '~0 (info)',
      result: 'INFO',
    },
    {
      metric: '  tree children left after each stop (in the child process / after it exited)',
      baseline: '-',
      subject: `${start.leftInProcess + memory.left} / ${start.leftAfterExit}`,
      delta: `${start.pidsSeen} pids started in the start rounds`,
      target: '0',
      result: verdict(start.leftInProcess + memory.left + start.leftAfterExit === 0),
    },
  ];
}

export const notes = (opt) => [
  `Tree: children are ${COMMAND} ${ARGS.join(' ')}, stdio 'ignore'; each figure in a fresh node --expose-gc process (bench/tree-child.mjs).`,
  `  Start: one process, ${opt.treeRounds} rounds after a warm-up round, bare / tree / burst rotating, gc() before each sample; bare = ${opt.treeChildren}`,
  "  spawn()s (detached, as daemonkit spawns), each after the previous one's 'spawn' event, as the tree starts its children;",
  "  tree = tree.start() -> its last child's 'spawn' event (construction not timed); burst (info) = the spawn() calls in one loop.",
  '  Per child: 3 more rounds, untimed, with each spawn() call timed (the tree: its nodeSpawner.spawn()); outside = (start -> last spawn',
  '  - time in spawn()) / children, wall and process.cpuUsage() (all threads: GC and compiler threads count).',
  '  Everything is stopped (tree.stop(); the bare ones by process group, SIGTERM) and checked gone before the next sample.',
  `  Memory: per kind, one process with 1 child and one with ${opt.treeMemChildren}, rotating; ${opt.settleMs} ms settle, gc() x3, then heapUsed / RSS;`,
  '  per child = (M_N - M_1) / (N - 1). Bare = ChildProcess objects held in an array (the child\'s own handles); verdict on heapUsed beyond bare.',
  `  Idle: in the ${opt.treeMemChildren}-child processes, getActiveResourcesInfo() 'Timeout' entries with nothing of the bench pending, before and after`,
  `  a ${opt.treeIdleMs} ms window over which process.cpuUsage() (user+system, all threads) is taken and async callbacks are counted (async_hooks`,
  "  'before', bare / tree: the bench's own delay() and await are in both; getActiveResourcesInfo() lists ref'd timers only, an unref'd",
  '  one firing in the window would show there); PROBE? unless every child stayed up, unrestarted, with no exit/crash/backoff event.',
];

export const json = (tree) => ({ tree });
