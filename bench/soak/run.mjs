// daemonkit soak and fault suite: `pnpm soak` (= `pnpm build && node bench/soak/run.mjs`). Not part of `pnpm test`.
//
// Soak (soak-section.mjs, restarts.mjs): 10,000 restarts of /bin/false and 2,000 of a node child exiting 1, each
// under one Supervisor with restartPolicy({ restart: 'always', backoff: 0 }) and stdio 'ignore', in this process.
// Every 1,000 restarts (/bin/false) or 200 (node child) it samples, after two full GCs: memory, open fds, active
// resources by type, the Supervisor's listener counts and the process's 'exit'/SIGINT/SIGTERM/SIGHUP listener counts
// (sample.mjs). Each series gets a least-squares slope per 1,000 restarts after the warm-up (the first two samples);
// memory fails above its bound, fds, resources and listener counts on any growth at all (thresholds.mjs, checks.mjs).
// Faults (fault-section.mjs, faults/*.mjs): five short scenarios, each with PASS/FAIL lines.
// Finally every process the run started is checked by pid and by the run tag; leftovers are killed by pid/group.
// The report goes to stdout once everything has run; progress lines go to stderr.
//
// Options: --restarts N (10000), --every N (1000), --node-restarts N (2000), --node-every N (200),
// --only soak|faults (both), --faults name,name (all: grandchildren, ignore-sigterm, sigstop-watchdog, dev-full,
// held-pipe), --bare bin-false,node|none (bare spawn-loop references run after each soak, not judged; default
// bin-false: ~15 s; the node one takes as long as its soak). Exits 1 when any check fails, 2 on a usage error.
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { distEsm, distEsmUrl } from '../lib/paths.mjs';
import { FAULTS, runFaults } from './fault-section.mjs';
import { obtainGc } from './gc.mjs';
import { finalSweep, startRun } from './pids.mjs';
import { progress, verdict } from './report.mjs';
import { countFds, processListenerCounts, resourcesByType } from './sample.mjs';
import { runSoaks, soakConfigs } from './soak-section.mjs';
import { now } from './wait.mjs';

const { values: flags } = parseArgs({
  options: {
    restarts: { type: 'string', default: '10000' },
    every: { type: 'string', default: '1000' },
    'node-restarts': { type: 'string', default: '2000' },
    'node-every': { type: 'string', default: '200' },
    only: { type: 'string' },
    faults: { type: 'string' },
    bare: { type: 'string', default: 'bin-false' },
  },
});
const opt = {
  restarts: Number(flags.restarts),
  every: Number(flags.every),
  nodeRestarts: Number(flags['node-restarts']),
  nodeEvery: Number(flags['node-every']),
};
const faultNames = flags.faults?.split(',').map((s) => s.trim()).filter(Boolean) ?? FAULTS.map(([name]) => name);
const bare = flags.bare === 'none' ? [] : flags.bare.split(',').map((s) => s.trim());
if (
  (flags.only !== undefined && !['soak', 'faults'].includes(flags.only)) ||
  faultNames.some((n) => !FAULTS.some(([name]) => name === n)) ||
  bare.some((b) => !['bin-false', 'node'].includes(b)) ||
  Object.values(opt).some((v) => !Number.isInteger(v) || v <= 0) ||
  opt.restarts % opt.every !== 0 ||
  opt.nodeRestarts % opt.nodeEvery !== 0
) {
  console.error(
    'soak: usage: run.mjs [--restarts N --every N --node-restarts N --node-every N] (restarts a multiple of every) ' +
      `[--only soak|faults] [--faults ${FAULTS.map(([name]) => name).join(',')}] [--bare bin-false,node|none]`,
  );
  process.exit(2);
}
if (!existsSync(distEsm)) {
  console.error(`soak: ${distEsm} is missing; run \`pnpm soak\` (it builds first) or \`pnpm build\`.`);
  process.exit(2);
}

startRun();
const started = now();
const loadBefore = loadavg();
const { gc, how: gcHow } = obtainGc();
const dist = await import(distEsmUrl);
const out = [];
const recorded = [];
const ctx = {
  dist,
  gc,
  bare,
  progress,
  say: (line = '') => out.push(line),
  elapsedS: () => (now() - started) / 1000,
  recordPids: (pids) => recorded.push(pids),
};
const { say } = ctx;
let passed = true;

say(`daemonkit soak  node ${process.version}  ${cpus().length} cpu  load before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
say(`memory samples are taken after ${gcHow}, twice in a row`);
say(
  `before any Supervisor: fds ${countFds()}, active resources ${JSON.stringify(resourcesByType())}, process listeners ` +
    `${JSON.stringify(processListenerCounts())} (Node's top-level-await 'exit' hook and the soak's own clean-up, ` +
    'bench/lib/tracking.mjs)',
);

if (flags.only !== 'faults' && !(await runSoaks(soakConfigs(opt), ctx))) passed = false;
if (flags.only !== 'soak' && !(await runFaults(faultNames, ctx))) passed = false;

const sweep = await finalSweep(recorded);
say('');
say('== Processes ==');
say(
  `checked ${sweep.checked} recorded pids (each only while it carries this run's tag: pid_max may recycle them) and ` +
    `every process carrying the run tag: ${sweep.found.length} alive` +
    (sweep.found.length > 0
      ? ` (${sweep.found.map((f) => `${f.pid}: ${f.cmd}`).join('; ')}), killed by pid/group, ${sweep.remaining.length} still alive`
      : ''),
);
say(`${verdict(sweep.found.length === 0)}  no process left behind`);
if (sweep.found.length > 0) passed = false;

const loadAfter = loadavg();
say('');
say(`total wall time ${ctx.elapsedS().toFixed(1)} s; load after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
say(`SOAK ${passed ? 'PASSED' : 'FAILED'}`);
console.log(out.join('\n'));
process.exitCode = passed ? 0 : 1;
