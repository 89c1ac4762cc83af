// One SupervisorTree measurement in a fresh node process (started with --expose-gc), for bench/measures/tree.mjs.
//
//   node --expose-gc bench/tree-child.mjs '{"mode":"start","dist":"file:///...","children":50,"rounds":20,
//                                            "command":"/bin/sleep","args":["1000"]}'
//     Start timing, all in this one process: per round, in rotating order, `bare` (N child_process.spawn()s, detached,
//     stdio 'ignore', one after the other: each after the previous one's 'spawn' event, as the tree starts them),
//     `tree` (new SupervisorTree of N children, tree.start() -> the Nth 'spawn' event) and `burst` (N spawn() calls in
//     one synchronous loop -> the Nth 'spawn' event; info). One warm-up round first, not kept. gc() before each
//     sample; everything is stopped (tree.stop(); bare ones by process group) and checked gone before the next. Then
//     3 untimed rounds of bare / tree with spawn() timed: the starter's own work outside it, per child.
//
//   node --expose-gc bench/tree-child.mjs '{"mode":"memory","kind":"bare"|"tree","dist":"file:///...","children":200,
//                                            "settleMs":1000,"idleMs":2000,"command":"/bin/sleep","args":["1000"]}'
//     N idle children (a tree of N, or N bare ChildProcess objects held in an array), all spawned, then a settle,
//     gc(), heapUsed / RSS, the active resources by type, and (idleMs > 0) this process's CPU over an idle window and
//     the async callbacks run in it (an async_hooks `before` count: this script's own delay() and await are in it).
//
// Prints "PIDS <pid> ..." once each set of children is spawned (the benchmark tracks them in case this process dies),
// then one JSON line. Every child is stopped before the JSON is printed; `left` counts pids still alive after.
import { createHook } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';

const cfg = JSON.parse(process.argv[2]);
const { mode, kind, dist, children: n, command, args } = cfg;
const { SupervisorTree, nodeSpawner } = kind === 'bare' ? {} : await import(dist);
if (typeof globalThis.gc !== 'function') throw new Error('tree-child: start node with --expose-gc');

/** Alive = exists and is not a zombie (/proc/<pid>/stat). */
function isAlive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

async function settleGc() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** This process's CPU time (user + system, all threads) since `c0`, in ms. */
function cpuSince(c0) {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const reportPids = (pids) => process.stdout.write(`PIDS ${pids.join(' ')}\n`);

function spawnOne(timed = (fn) => fn()) {
  const child = timed(() => spawn(command, args, { stdio: 'ignore', detached: true }));
  const spawned = new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, spawned, exited };
}

/** Bare children, one after the other (or all in one loop with `burst`); resolves once the last has spawned. */
async function startBare(count, burst, timed) {
  const started = [];
  if (burst) {
    for (let i = 0; i < count; i++) started.push(spawnOne());
    await Promise.all(started.map((s) => s.spawned));
  } else {
    for (let i = 0; i < count; i++) {
      const s = spawnOne(timed);
      started.push(s);
      await s.spawned;
    }
  }
  return started;
}

/** Stops bare children by process group (SIGTERM, as a tree's default kill signal) and waits for each exit. */
async function stopBare(started) {
  for (const { child } of started) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  await Promise.all(started.map((s) => s.exited));
}

function newTree(count, spawner) {
  const children = Array.from({ length: count }, (_, i) => ({ name: `c${i}`, command, args, stdio: 'ignore' }));
  return new SupervisorTree({ children, ...(spawner ? { spawner } : {}) });
}

/** Starts `tree`; resolves with the time of the `count`th 'spawn' event (performance.now()). */
function startTree(tree, count) {
  return new Promise((resolve, reject) => {
    let spawns = 0;
    tree.on('spawn', () => {
      if (++spawns === count) resolve(performance.now());
    });
    tree.on('tree-giveup', ({ reason }) => reject(new Error(`tree gave up: ${reason}`)));
    tree.start();
  });
}

/**
 * Untimed: a start with spawn() timed (wall and CPU) around each call, nodeSpawner.spawn() for a tree, spawn() for
 * bare children; the rest of start -> last spawn is the starter's own work (bare: awaiting each 'spawn' event).
 */
async function ownWorkSample(which) {
  await settleGc();
  const inSpawn = { ms: 0, cpuMs: 0 };
  const timed = (fn) => {
    const c = process.cpuUsage();
    const t = performance.now();
    const out = fn();
    inSpawn.ms += performance.now() - t;
    inSpawn.cpuMs += cpuSince(c);
    return out;
  };
  const tree = which === 'tree' ? newTree(n, { spawn: (spec, hooks) => timed(() => nodeSpawner.spawn(spec, hooks)) }) : undefined;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const started = tree ? undefined : await startBare(n, false, timed);
  const t1 = tree ? await startTree(tree, n) : performance.now();
  const cpuMs = cpuSince(c0);
  reportPids(tree ? treePids(tree) : started.map((s) => s.child.pid));
  await (tree ? tree.stop() : stopBare(started));
  const us = (ms) => (1000 * ms) / n;
  return { inSpawnUs: us(inSpawn.ms), ownUs: us(t1 - t0 - inSpawn.ms), ownCpuUs: us(cpuMs - inSpawn.cpuMs) };
}

const treePids = (tree) => tree.status().map((s) => s.pid).filter((pid) => pid !== undefined);

async function startSample(which) {
  await settleGc();
  if (which === 'tree') {
    const k0 = performance.now();
    const tree = newTree(n);
    const constructMs = performance.now() - k0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const t1 = await startTree(tree, n);
    const cpuMs = cpuSince(c0);
    const pids = treePids(tree);
    reportPids(pids);
    const stop = await tree.stop();
    return { ms: t1 - t0, cpuMs, constructMs, spawned: pids.length, survivors: stop.survivors?.length ?? 0, left: pids.filter(isAlive).length };
  }
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const started = await startBare(n, which === 'burst');
  const t1 = performance.now();
  const cpuMs = cpuSince(c0);
  const pids = started.map((s) => s.child.pid);
  reportPids(pids);
  await stopBare(started);
  return { ms: t1 - t0, cpuMs, spawned: pids.length, left: pids.filter(isAlive).length };
}

async function startMode() {
  const modes = ['bare', 'tree', 'burst'];
  const rounds = [];
  for (let r = -1; r < cfg.rounds; r++) {
    const round = {};
    const k = Math.max(r, 0);
    for (let j = 0; j < modes.length; j++) {
      const which = modes[(k + j) % modes.length];
      round[which] = await startSample(which);
    }
    if (r >= 0) rounds.push(round);
  }
  const ownWork = [];
  for (let i = 0; i < 3; i++) ownWork.push({ bare: await ownWorkSample('bare'), tree: await ownWorkSample('tree') });
  return { mode, children: n, rounds, ownWork };
}

const timeoutsIn = (resources) => resources.filter((r) => r === 'Timeout').length;
const byType = (resources) => resources.reduce((m, r) => ({ ...m, [r]: (m[r] ?? 0) + 1 }), {});

async function memoryMode() {
  let tree;
  let started;
  let events = 0; // exits, crashes, backoffs seen while idle: an idle tree has none
  let pids;
  if (kind === 'tree') {
    tree = newTree(n);
    for (const e of ['exit', 'crash', 'backoff', 'giveup']) tree.on(e, () => events++);
    await startTree(tree, n);
    pids = treePids(tree);
  } else {
    started = await startBare(n, false);
    pids = started.map((s) => s.child.pid);
  }
  reportPids(pids);
  await delay(cfg.settleMs);
  await settleGc();
  const mem = process.memoryUsage();
  // Taken with nothing of this script's pending: every entry belongs to the children (and, in a tree, to daemonkit).
  const resources = process.getActiveResourcesInfo();
  let cpuMs;
  let callbacks; // async callbacks run during the window (timers, I/O, promise reactions): polling would show here
  if (cfg.idleMs > 0) {
    callbacks = 0;
    const hook = createHook({ before: () => callbacks++ });
    const c0 = process.cpuUsage();
    const wait = delay(cfg.idleMs);
    hook.enable();
    await wait;
    hook.disable();
    cpuMs = cpuSince(c0);
  }
  const resourcesAfter = process.getActiveResourcesInfo();
  const states = tree ? byType(tree.status().map((s) => s.state)) : { running: pids.length };
  const restarts = tree ? tree.status().reduce((sum, s) => sum + s.restarts, 0) : 0;
  const eventsWhileIdle = events; // the stop below brings one exit per child
  let survivors = 0;
  if (tree) survivors = (await tree.stop()).survivors?.length ?? 0;
  else await stopBare(started);
  return {
    mode,
    kind,
    children: n,
    spawned: pids.length,
    heapUsed: mem.heapUsed,
    rss: mem.rss,
    external: mem.external,
    resources: byType(resources),
    timeouts: timeoutsIn(resources),
    // Again at the end of the idle window (this script's delay() has fired by then).
    timeoutsAfterIdle: timeoutsIn(resourcesAfter),
    cpuMs,
    callbacks,
    idleMs: cfg.idleMs,
    states,
    restarts,
    events: eventsWhileIdle,
    survivors,
    left: pids.filter(isAlive).length,
  };
}

const result = mode === 'start' ? await startMode() : await memoryMode();
process.stdout.write(`${JSON.stringify(result)}\n`);
