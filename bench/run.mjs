// daemonkit benchmark: `pnpm bench` (= `pnpm build && node bench/run.mjs`).
//
// Every figure is compared with a bare baseline measured in the same run, interleaved with the subject so that both
// share the machine's noise. Prints a table and writes everything (raw samples included) to bench/last-run.json.
//
// Options: --strict (exit 1 on a MISS), --only <name,name> (run only these measurements, in the usual order; names
// below), --import-samples N (10), --rounds N (8, /bin/false loop), --runs N (200), --warmup N (5), --node-rounds N
// (8), --node-runs N (20, node child loop; was 30, lowered to keep the whole run near 4 min), --node-warmup N (2),
// --mem-rounds N (3), --settle-ms N (1000), --daemon-samples N (10), --probe-samples N (5), --api-samples N (20),
// --hb-rounds N (2), --hb-workers N (20), --hb-warmup-ms N (2000), --hb-window-ms N (10000), --tree-rounds N (20,
// tree start rounds), --tree-children N (50, children per start), --tree-mem-rounds N (3), --tree-mem-children N (200,
// the large tree of the memory and idle figures; --settle-ms applies), --tree-idle-ms N (2000), --log-rounds N (3,
// logs: rounds of every log mode), --log-mb N (256, MB the logs child writes). Short rounds,
// alternating, interleave finely: load from other tenants drifts within seconds.
//
// Verdicts use the statistic the targets are written in (difference / ratio of the medians). Because this machine's
// cores are shared, each cell also shows the paired figure (median over samples/rounds of subject vs the baseline
// run next to it), which cancels load that drifts between samples; when the two disagree, the machine was busy.
//
// Layout: this runner parses the flags, runs the measurements in order, prints the table and writes the JSON. Each
// measurement is a module under bench/measures/ exporting name, measure(opt), rows(result, { opt, results }),
// notes(opt) and json(result); the targets are in bench/lib/targets.mjs, shared helpers in bench/lib/.
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { printTable, progress, verdict } from './lib/format.mjs';
import { benchFile, distCjs, distEsm } from './lib/paths.mjs';
import { round } from './lib/stats.mjs';
import { TARGET } from './lib/targets.mjs';
import { beginRun, sweepLeftovers } from './lib/tracking.mjs';
import * as importCost from './measures/import-cost.mjs';
import * as packages from './measures/packages.mjs';
import * as crashLoop from './measures/crash-loop.mjs';
import * as memory from './measures/memory.mjs';
import * as daemon from './measures/daemon.mjs';
import * as workerApi from './measures/worker-api.mjs';
import * as heartbeat from './measures/heartbeat.mjs';
import * as tree from './measures/tree.mjs';
import * as logs from './measures/logs.mjs';
import * as control from './measures/control.mjs';
import * as cli from './measures/cli.mjs';

// In the order they run and report.
const MEASURES = [importCost, packages, crashLoop, memory, daemon, workerApi, heartbeat, tree, logs, control, cli];
const NAMES = MEASURES.map((m) => m.name);

const { values: flags } = parseArgs({
  options: {
    strict: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    'import-samples': { type: 'string', default: '10' },
    rounds: { type: 'string', default: '8' },
    'node-rounds': { type: 'string', default: '8' },
    'node-warmup': { type: 'string', default: '2' },
    runs: { type: 'string', default: '200' },
    'node-runs': { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    'mem-rounds': { type: 'string', default: '3' },
    'settle-ms': { type: 'string', default: '1000' },
    'daemon-samples': { type: 'string', default: '10' },
    'probe-samples': { type: 'string', default: '5' },
    'api-samples': { type: 'string', default: '20' },
    'hb-rounds': { type: 'string', default: '2' },
    'hb-workers': { type: 'string', default: '20' },
    'hb-warmup-ms': { type: 'string', default: '2000' },
    'hb-window-ms': { type: 'string', default: '10000' },
    'tree-rounds': { type: 'string', default: '20' },
    'tree-children': { type: 'string', default: '50' },
    'tree-mem-rounds': { type: 'string', default: '3' },
    'tree-mem-children': { type: 'string', default: '200' },
    'tree-idle-ms': { type: 'string', default: '2000' },
    'log-rounds': { type: 'string', default: '3' },
    'log-mb': { type: 'string', default: '256' },
  },
});
const only = flags.only?.flatMap((list) => list.split(',')).map((s) => s.trim()).filter(Boolean);
const unknown = (only ?? []).filter((n) => !NAMES.includes(n));
if (unknown.length > 0 || (only && only.length === 0)) {
  console.error(`bench: --only takes a comma-separated list of: ${NAMES.join(', ')} (got ${flags.only.join(' ')})`);
  process.exit(2);
}
const selected = only ? MEASURES.filter((m) => only.includes(m.name)) : MEASURES;
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
  daemonSamples: Number(flags['daemon-samples']),
  probeSamples: Number(flags['probe-samples']),
  apiSamples: Number(flags['api-samples']),
  hbRounds: Number(flags['hb-rounds']),
  hbWorkers: Number(flags['hb-workers']),
  hbWarmupMs: Number(flags['hb-warmup-ms']),
  hbWindowMs: Number(flags['hb-window-ms']),
  treeRounds: Number(flags['tree-rounds']),
  treeChildren: Number(flags['tree-children']),
  treeMemRounds: Number(flags['tree-mem-rounds']),
  treeMemChildren: Number(flags['tree-mem-children']),
  treeIdleMs: Number(flags['tree-idle-ms']),
  logRounds: Number(flags['log-rounds']),
  logMb: Number(flags['log-mb']),
  ...(only ? { only: selected.map((m) => m.name) } : {}),
};

for (const file of [distEsm, distCjs]) {
  if (!existsSync(file)) {
    console.error(`bench: ${file} is missing; run \`pnpm bench\` (it builds first) or \`pnpm build\`.`);
    process.exit(2);
  }
}

// The run tag every process started from here on inherits, the run's temp dir, and the exit/signal clean-up.
beginRun();

const started = performance.now();
const loadBefore = loadavg();
if (loadBefore[0] > cpus().length / 2) {
  progress(`warning: load average ${loadBefore[0].toFixed(2)} on ${cpus().length} cpus before starting; figures will be noisy`);
}

const results = {};
for (const m of selected) results[m.name] = await m.measure(opt);
const leftovers = await sweepLeftovers();
const elapsedS = (performance.now() - started) / 1000;

const rows = selected.flatMap((m) => m.rows(results[m.name], { opt, results }));
rows.push({
  metric: 'Processes of this run alive at the end (env tag sweep)',
  baseline: '-',
  subject: `${leftovers.length}`,
  delta: leftovers.map((l) => `${l.pid}: ${l.cmd}`).join('; ').slice(0, 80),
  target: '0',
  result: verdict(leftovers.length === 0),
});

console.log('');
console.log(
  `daemonkit bench  node ${process.version}  ${cpus().length} cpu  load ${loadBefore.map((l) => l.toFixed(2)).join(' ')}  ` +
    `took ${elapsedS.toFixed(1)} s${only ? `  only: ${opt.only.join(', ')}` : ''}`,
);
printTable(rows);
console.log('');
console.log(
  'Verdicts: difference/ratio of the medians, as the targets are written; "paired": median of per-sample (import) or per-round (loops) comparisons.',
);
for (const m of selected) for (const line of m.notes(opt)) console.log(line);
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
  ...Object.assign({}, ...selected.map((m) => m.json(results[m.name]))),
  leftovers,
};
writeFileSync(
  benchFile('last-run.json'),
  `${JSON.stringify(report, (_k, v) => (typeof v === 'number' ? round(v, 4) : v), 2)}\n`,
);
console.log('Wrote bench/last-run.json');

const missed = rows.some((r) => r.result === 'MISS' || r.result === 'PROBE?');
if (flags.strict && missed) process.exitCode = 1;
