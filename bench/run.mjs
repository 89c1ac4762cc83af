// daemonkit benchmark: `pnpm bench` (= `pnpm build && node bench/run.mjs`).
//
// Every figure is compared with a bare baseline measured in the same run, interleaved with the subject so that both
// share the machine's noise. Prints a table and writes everything (raw samples included) to bench/last-run.json.
//
// Options: --strict (exit 1 on a MISS), --import-samples N (10), --rounds N (8, /bin/false loop), --runs N (200),
// --warmup N (5), --node-rounds N (8), --node-runs N (30, node child loop), --node-warmup N (2), --mem-rounds N (3),
// --settle-ms N (1000). Short rounds, alternating, interleave finely: load from other tenants drifts within seconds.
//
// Verdicts use the statistic the targets are written in (difference / ratio of the medians). Because this machine's
// cores are shared, each cell also shows the paired figure (median over samples/rounds of subject vs the baseline
// run next to it), which cancels load that drifts between samples; when the two disagree, the machine was busy.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { benchFile, distCjs, distEsm, distEsmUrl, rootDir } from './lib/paths.mjs';
import { median, round, summary } from './lib/stats.mjs';

const { values: flags } = parseArgs({
  options: {
    strict: { type: 'boolean', default: false },
    'import-samples': { type: 'string', default: '10' },
    rounds: { type: 'string', default: '8' },
    'node-rounds': { type: 'string', default: '8' },
    'node-warmup': { type: 'string', default: '2' },
    runs: { type: 'string', default: '200' },
    'node-runs': { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    'mem-rounds': { type: 'string', default: '3' },
    'settle-ms': { type: 'string', default: '1000' },
  },
});
const opt = {
  importSamples: Number(flags['import-samples']),
  rounds: Number(flags.rounds),
  nodeRounds: Number(flags['node-rounds']),
  runs: Number(flags.runs),
  nodeRuns: Number(flags['node-runs']),
  warmup: Number(flags.warmup),
  nodeWarmup: Number(flags['node-warmup']),
  memRounds: Number(flags['mem-rounds']),
  settleMs: Number(flags['settle-ms']),
};

const NODE = process.execPath;
const TARGET = {
  importMs: 20, // at most +20 ms over bare `node -e 0`
  restartRatio: 1.1, // at most 1.1x the bare loop's ms per restart
  latencyMs: 1, // median exit -> next spawn within 1 ms of the bare loop's
  rssRatio: 1.1, // informational for now (a later issue)
};

for (const file of [distEsm, distCjs]) {
  if (!existsSync(file)) {
    console.error(`bench: ${file} is missing; run \`pnpm bench\` (it builds first) or \`pnpm build\`.`);
    process.exit(2);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Process bookkeeping: every process this benchmark starts asynchronously is tracked by pid and killed by pid (and
// detached children by process group) if the benchmark ends early. Never by name.
const livePids = new Set();
const liveGroups = new Set();

function killTracked() {
  for (const pid of livePids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  livePids.clear();
  liveGroups.clear();
}
process.on('exit', killTracked);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killTracked();
    process.exit(130);
  });
}

/** Starts `node <args>`, tracked; resolves with its exit once it is reaped. */
function startNode(args, { onLine } = {}) {
  const child = spawn(NODE, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: rootDir });
  livePids.add(child.pid);
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    out += chunk;
    let nl;
    while (onLine && (nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      onLine(line);
    }
  });
  const exited = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      livePids.delete(child.pid);
      resolve({ code, signal, out });
    });
  });
  return { child, exited };
}

/** Runs a worker that prints one JSON line and exits 0. */
async function runJsonWorker(args) {
  const { exited } = startNode(args);
  const { code, signal, out } = await exited;
  if (code !== 0) throw new Error(`worker ${args.join(' ')} failed (code ${code}, signal ${signal})`);
  return JSON.parse(out.trim().split('\n').pop());
}

const progress = (text) => process.stderr.write(`bench: ${text}\n`);

// ---------------------------------------------------------------------------------------------------------------
// 1. Import cost: wall time of fresh node processes, interleaved (the order rotates every sample).
function measureImport() {
  const variants = {
    bare: ['-e', '0'],
    esm: ['--input-type=module', '-e', `import ${JSON.stringify(distEsmUrl)};`],
    cjs: ['-e', `require(${JSON.stringify(distCjs)});`],
    // What an ESM entry costs before any package: separates the loader's own start-up from daemonkit's.
    esmLoaderOnly: ['--input-type=module', '-e', '0'],
  };
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  // One unmeasured pass to warm the file cache.
  for (const name of names) spawnSync(NODE, variants[name], { stdio: 'ignore' });
  for (let i = 0; i < opt.importSamples; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      const t0 = performance.now();
      const r = spawnSync(NODE, variants[name], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
      const ms = performance.now() - t0;
      if (r.status !== 0) throw new Error(`import sample ${name} failed: ${r.error ?? r.stderr}`);
      samples[name].push(ms);
    }
  }
  const paired = (name) => median(samples[name].map((ms, i) => ms - samples.bare[i]));
  return {
    samples,
    medians: Object.fromEntries(names.map((n) => [n, median(samples[n])])),
    pairedDiffs: Object.fromEntries(names.filter((n) => n !== 'bare').map((n) => [n, paired(n)])),
    bareSpread: summary(samples.bare),
  };
}

async function probeZod() {
  const out = {};
  for (const [kind, path] of [
    ['esm', distEsm],
    ['cjs', distCjs],
  ]) {
    const log = join(tmpdir(), `daemonkit-bench-resolve-${process.pid}-${kind}.log`);
    try {
      out[kind] = await runJsonWorker([benchFile('zod-probe.mjs'), kind, path, log]);
    } finally {
      rmSync(log, { force: true });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// 2 + 3. Crash loops, bare loop vs Supervisor, each measurement in a fresh process, alternating order per round.
async function measureCrashLoop(label, command, args, runs, roundCount, warmup, instrument = false) {
  const rounds = [];
  for (let r = 0; r < roundCount; r++) {
    const order = r % 2 === 0 ? ['baseline', 'subject'] : ['subject', 'baseline'];
    const round = {};
    for (const mode of order) {
      const cfg = { mode, command, args, runs, warmup, dist: distEsmUrl, instrument };
      round[mode] = await runJsonWorker([benchFile('crash-loop-worker.mjs'), JSON.stringify(cfg)]);
    }
    progress(
      `${label} round ${r + 1}/${roundCount}: bare ${round.baseline.perRunMs.toFixed(2)} ms/run, ` +
        `supervisor ${round.subject.perRunMs.toFixed(2)} ms/run`,
    );
    rounds.push(round);
  }
  const pooled = (mode, key) => rounds.flatMap((r) => r[mode][key] ?? []);
  const perRun = {
    baseline: median(rounds.map((r) => r.baseline.perRunMs)),
    subject: median(rounds.map((r) => r.subject.perRunMs)),
  };
  const latency = {
    baseline: summary(pooled('baseline', 'latencyMs')),
    subject: summary(pooled('subject', 'latencyMs')),
    subjectFromExitListener: summary(pooled('subject', 'listenerLatencyMs')),
  };
  return {
    label,
    command,
    args,
    runs,
    rounds: roundCount,
    warmup,
    perRun,
    ratio: perRun.subject / perRun.baseline,
    perRoundRatios: rounds.map((r) => r.subject.perRunMs / r.baseline.perRunMs),
    pairedRatio: median(rounds.map((r) => r.subject.perRunMs / r.baseline.perRunMs)),
    pairedLatencyDiff: median(rounds.map((r) => median(r.subject.latencyMs) - median(r.baseline.latencyMs))),
    bookkeeping: instrument
      ? Object.fromEntries(
          ['beforeSpawnMs', 'afterSpawnMs', 'spawnCallMs'].map((k) => [
            k,
            summary(rounds.flatMap((r) => r.subject.bookkeeping[k])),
          ]),
        )
      : undefined,
    latency,
    size: Object.fromEntries(
      ['baseline', 'subject'].map((m) => [
        m,
        { vmRssKiB: median(rounds.map((r) => r[m].vmRssKiB)), vmPteKiB: median(rounds.map((r) => r[m].vmPteKiB)) },
      ]),
    ),
    construct: {
      coldMs: median(rounds.map((r) => r.subject.constructColdMs)),
      warmMs: median(rounds.map((r) => r.subject.constructWarmMs)),
    },
    perRound: rounds.map((r) => ({
      baseline: { perRunMs: r.baseline.perRunMs, totalMs: r.baseline.totalMs, latencyMs: r.baseline.latencyMs },
      subject: {
        perRunMs: r.subject.perRunMs,
        totalMs: r.subject.totalMs,
        latencyMs: r.subject.latencyMs,
        listenerLatencyMs: r.subject.listenerLatencyMs,
        constructColdMs: r.subject.constructColdMs,
        constructWarmMs: r.subject.constructWarmMs,
        ...(r.subject.bookkeeping ? { bookkeeping: r.subject.bookkeeping } : {}),
      },
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Memory: VmRSS of the PARENT (bare spawner vs one Supervisor) with the same idle child, after a settle delay.
function vmRssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

async function measureIdleParent(mode) {
  let resolveReady;
  const ready = new Promise((resolve) => {
    resolveReady = resolve;
  });
  const args = [benchFile('idle-parent.mjs'), mode, ...(mode === 'subject' ? [distEsmUrl] : [])];
  const { child, exited } = startNode(args, {
    onLine: (line) => {
      const m = /^READY (\d+)$/.exec(line);
      if (m) resolveReady(Number(m[1]));
    },
  });
  let isReady = false;
  const childPid = await Promise.race([
    ready.then((pid) => {
      isReady = true;
      return pid;
    }),
    exited.then(({ code }) => {
      if (!isReady) throw new Error(`idle parent (${mode}) exited early with code ${code}`);
    }),
  ]);
  liveGroups.add(childPid);
  try {
    await delay(opt.settleMs); // the deliberate settle delay
    const parentRssKiB = vmRssKiB(child.pid);
    const childRssKiB = vmRssKiB(childPid);
    return { mode, parentRssKiB, childRssKiB };
  } finally {
    // Ask the parent to take its child down and exit; SIGKILL both by pid/group if that takes over 5 s.
    process.kill(child.pid, 'SIGTERM');
    const safety = setTimeout(() => {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5000);
    await exited;
    clearTimeout(safety);
    try {
      process.kill(-childPid, 0);
      process.kill(-childPid, 'SIGKILL'); // still there (only if the parent had to be killed)
    } catch {
      // Gone, as expected.
    }
    liveGroups.delete(childPid);
  }
}

async function measureMemory() {
  const samples = { baseline: [], subject: [] };
  for (let r = 0; r < opt.memRounds; r++) {
    const order = r % 2 === 0 ? ['baseline', 'subject'] : ['subject', 'baseline'];
    for (const mode of order) samples[mode].push(await measureIdleParent(mode));
  }
  const parent = {
    baseline: median(samples.baseline.map((s) => s.parentRssKiB)),
    subject: median(samples.subject.map((s) => s.parentRssKiB)),
  };
  return { samples, parentRssKiB: parent, ratio: parent.subject / parent.baseline };
}

// ---------------------------------------------------------------------------------------------------------------
// Report.
const fmtMs = (v, d = 2) => `${v.toFixed(d)} ms`;
const fmtDiff = (v, d = 2, unit = 'ms') => `${v >= 0 ? '+' : ''}${v.toFixed(d)} ${unit}`;
const fmtX = (v) => `${v.toFixed(3)}x`;
const fmtMiB = (kib) => `${(kib / 1024).toFixed(1)} MiB`;
const verdict = (ok) => (ok ? 'PASS' : 'MISS');

function printTable(rows) {
  const header = ['Metric', 'Baseline', 'daemonkit', 'Diff/ratio', 'Target', 'Result'];
  const all = [header, ...rows.map((r) => [r.metric, r.baseline, r.subject, r.delta, r.target, r.result])];
  const widths = header.map((_, i) => Math.max(...all.map((row) => String(row[i]).length)));
  const line = (row) => `| ${row.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  console.log(line(header));
  console.log(sep);
  for (const row of all.slice(1)) console.log(line(row));
}

const started = performance.now();
const loadBefore = loadavg();
if (loadBefore[0] > cpus().length / 2) {
  progress(`warning: load average ${loadBefore[0].toFixed(2)} on ${cpus().length} cpus before starting; figures will be noisy`);
}

progress(`import cost: ${opt.importSamples} interleaved samples of 4 variants`);
const imp = measureImport();
progress('zod probe');
const zod = await probeZod();
progress(`crash loop /bin/false: ${opt.rounds} rounds x ${opt.runs} runs`);
const loopFalse = await measureCrashLoop('/bin/false', '/bin/false', [], opt.runs, opt.rounds, opt.warmup, true);
progress(`crash loop node child: ${opt.nodeRounds} rounds x ${opt.nodeRuns} runs`);
const loopNode = await measureCrashLoop('node exit(1)', NODE, ['-e', 'process.exit(1)'], opt.nodeRuns, opt.nodeRounds, opt.nodeWarmup);
progress(`memory: ${opt.memRounds} rounds, ${opt.settleMs} ms settle`);
const mem = await measureMemory();
const elapsedS = (performance.now() - started) / 1000;

const rows = [];
const esmDiff = imp.medians.esm - imp.medians.bare;
rows.push({
  metric: `Import ESM dist, wall (median of ${opt.importSamples})`,
  baseline: fmtMs(imp.medians.bare, 1),
  subject: fmtMs(imp.medians.esm, 1),
  delta: `${fmtDiff(esmDiff, 1)} (paired ${fmtDiff(imp.pairedDiffs.esm, 1)})`,
  target: `<= +${TARGET.importMs} ms`,
  result: verdict(esmDiff <= TARGET.importMs),
});
rows.push({
  metric: `  of which ESM loader start-up (empty ESM eval)`,
  baseline: fmtMs(imp.medians.bare, 1),
  subject: fmtMs(imp.medians.esmLoaderOnly, 1),
  delta: `${fmtDiff(imp.medians.esmLoaderOnly - imp.medians.bare, 1)} (paired ${fmtDiff(imp.pairedDiffs.esmLoaderOnly, 1)})`,
  target: 'info',
  result: 'INFO',
});
rows.push({
  metric: `Require CJS dist, wall (median of ${opt.importSamples})`,
  baseline: fmtMs(imp.medians.bare, 1),
  subject: fmtMs(imp.medians.cjs, 1),
  delta: `${fmtDiff(imp.medians.cjs - imp.medians.bare, 1)} (paired ${fmtDiff(imp.pairedDiffs.cjs, 1)})`,
  target: 'info',
  result: 'INFO',
});
const zodOk =
  !zod.esm.afterImport.zodLoaded &&
  !zod.cjs.afterImport.zodLoaded &&
  zod.esm.afterOptionParsing.zodLoaded &&
  zod.cjs.afterOptionParsing.zodLoaded;
const zodWord = (r) => (r.zodLoaded ? 'loaded' : 'not loaded');
rows.push({
  metric: 'zod loaded by import (ESM / CJS)',
  baseline: '-',
  subject: `${zodWord(zod.esm.afterImport)} / ${zodWord(zod.cjs.afterImport)}`,
  delta: `deps: ${zod.esm.afterImport.packages.join(', ') || 'none'}`,
  target: 'not loaded',
  result: zod.esm.afterOptionParsing.zodLoaded && zod.cjs.afterOptionParsing.zodLoaded ? verdict(zodOk) : 'PROBE?',
});
for (const loop of [loopFalse, loopNode]) {
  rows.push({
    metric: `Crash loop ${loop.label}, ms/run (${loop.runs} runs, median of ${loop.rounds})`,
    baseline: fmtMs(loop.perRun.baseline, 3),
    subject: fmtMs(loop.perRun.subject, 3),
    delta: `${fmtX(loop.ratio)} (paired ${fmtX(loop.pairedRatio)})`,
    target: `<= ${TARGET.restartRatio.toFixed(2)}x`,
    result: verdict(loop.ratio <= TARGET.restartRatio),
  });
}
for (const loop of [loopFalse, loopNode]) {
  const d = loop.latency.subject.median - loop.latency.baseline.median;
  rows.push({
    metric: `Exit seen -> next spawn, ${loop.label} (median of ${loop.latency.subject.n})`,
    baseline: fmtMs(loop.latency.baseline.median, 3),
    subject: fmtMs(loop.latency.subject.median, 3),
    delta: `${fmtDiff(d, 3)} (paired ${fmtDiff(loop.pairedLatencyDiff, 3)})`,
    target: `<= +${TARGET.latencyMs} ms`,
    result: verdict(d <= TARGET.latencyMs),
  });
}
rows.push({
  metric: `  same, from the 'exit' listener (${loopFalse.label} / node)`,
  baseline: `${fmtMs(loopFalse.latency.baseline.median, 3)} / ${fmtMs(loopNode.latency.baseline.median, 3)}`,
  subject: `${fmtMs(loopFalse.latency.subjectFromExitListener.median, 3)} / ${fmtMs(loopNode.latency.subjectFromExitListener.median, 3)}`,
  delta: '',
  target: 'info',
  result: 'INFO',
});
rows.push({
  metric: `  supervisor's own work before / after spawn() (${loopFalse.label})`,
  baseline: '0 (by construction)',
  subject: `${fmtMs(loopFalse.bookkeeping.beforeSpawnMs.median, 3)} / ${fmtMs(loopFalse.bookkeeping.afterSpawnMs.median, 3)}`,
  delta: `spawn() itself ${fmtMs(loopFalse.bookkeeping.spawnCallMs.median, 3)}`,
  target: 'info',
  result: 'INFO',
});
rows.push({
  metric: `  crash-loop parent VmRSS / VmPTE (${loopFalse.label})`,
  baseline: `${fmtMiB(loopFalse.size.baseline.vmRssKiB)} / ${loopFalse.size.baseline.vmPteKiB} KiB`,
  subject: `${fmtMiB(loopFalse.size.subject.vmRssKiB)} / ${loopFalse.size.subject.vmPteKiB} KiB`,
  delta: `${fmtX(loopFalse.size.subject.vmPteKiB / loopFalse.size.baseline.vmPteKiB)} page tables`,
  target: 'info',
  result: 'INFO',
});
rows.push({
  metric: 'new Supervisor + xdaemonPolicy, first / next',
  baseline: '-',
  subject: `${fmtMs(median([loopFalse.construct.coldMs, loopNode.construct.coldMs]), 1)} / ${fmtMs(
    median([loopFalse.construct.warmMs, loopNode.construct.warmMs]),
    2,
  )}`,
  delta: '',
  target: 'info',
  result: 'INFO',
});
rows.push({
  metric: `Parent RSS, 1 idle node child (median of ${opt.memRounds}, ${opt.settleMs} ms settle)`,
  baseline: fmtMiB(mem.parentRssKiB.baseline),
  subject: fmtMiB(mem.parentRssKiB.subject),
  delta: `${fmtX(mem.ratio)} (${fmtDiff((mem.parentRssKiB.subject - mem.parentRssKiB.baseline) / 1024, 1, 'MiB')})`,
  target: `<= ${TARGET.rssRatio.toFixed(2)}x (later)`,
  result: `INFO (${verdict(mem.ratio <= TARGET.rssRatio)})`,
});

console.log('');
console.log(
  `daemonkit bench  node ${process.version}  ${cpus().length} cpu  load ${loadBefore.map((l) => l.toFixed(2)).join(' ')}  ` +
    `took ${elapsedS.toFixed(1)} s`,
);
printTable(rows);
console.log('');
console.log(
  'Import: fresh `node` per sample, wall time seen by the parent; bare = `node -e 0`, ESM = `node --input-type=module -e "import <dist/index.js>"`,',
);
console.log(
  '  CJS = `node -e "require(<dist/index.cjs>)"`. zod: require.cache + ESM resolve hook + globalThis.__zod_globalRegistry, checked after',
);
console.log(
  `  import, then again after xdaemonPolicy() (positive control: ${zodWord(zod.esm.afterOptionParsing)} / ${zodWord(zod.cjs.afterOptionParsing)}).`,
);
console.log(
  `Crash loops: each measurement in a fresh process after ${opt.warmup} (node: ${opt.nodeWarmup}) warm-up runs, bare/supervisor alternating; node child: ${opt.nodeRuns} runs per loop (not ${opt.runs}: ~0.1 s each).`,
);
console.log(
  "Latency: bare = 'exit' callback -> spawn() returned; daemonkit = run.endedAt (exit observed) -> 'spawn' listener, same clock.",
);
console.log(
  "  Own work: a separate, untimed /bin/false loop with nodeSpawner wrapped to timestamp spawn(): endedAt -> spawn() call, spawn() return -> 'spawn' listener.",
);
console.log(
  'Verdicts: difference/ratio of the medians, as the targets are written; "paired": median of per-sample (import) or per-round (loops) comparisons.',
);
const loadAfter = loadavg();
if (Math.max(loadBefore[0], loadAfter[0]) > cpus().length / 2) {
  console.log(`Note: load average was ${loadBefore[0].toFixed(2)} -> ${loadAfter[0].toFixed(2)} on ${cpus().length} shared cpus; expect noise of several ms / several %.`);
}

const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  loadavg: { before: loadBefore, after: loadAfter },
  elapsedS,
  options: opt,
  targets: TARGET,
  table: rows,
  import: { medians: imp.medians, samples: imp.samples },
  zod,
  crashLoops: [loopFalse, loopNode],
  memory: mem,
};
writeFileSync(
  benchFile('last-run.json'),
  `${JSON.stringify(report, (_k, v) => (typeof v === 'number' ? round(v, 4) : v), 2)}\n`,
);
console.log('Wrote bench/last-run.json');

const missed = rows.some((r) => r.result === 'MISS' || r.result === 'PROBE?');
if (flags.strict && missed) process.exitCode = 1;
