// The soak part of the report: each restart soak, its samples, slopes and checks, then (info) the bare reference
// loop over the same restarts, then the bounds and what raw RSS does.
import { bareLoop } from './baseline.mjs';
import { memoryChecks, soakChecks, soakRunChecks } from './checks.mjs';
import { checksTable, ms, samplesTable, verdict } from './report.mjs';
import { soakRestarts } from './restarts.mjs';
import { THRESHOLDS } from './thresholds.mjs';

/** The two soaks, from the runner's options. */
export function soakConfigs(opt) {
  return [
    {
      key: 'bin-false',
      label: '/bin/false',
      command: '/bin/false',
      args: [],
      restarts: opt.restarts,
      every: opt.every,
      deadlineMs: 20 * 60_000,
      rssBoundKiB: THRESHOLDS.rssOutsideHeapSlopeKiBPer1000,
    },
    {
      key: 'node',
      label: 'node -e "process.exit(1)"',
      command: process.execPath,
      args: ['-e', 'process.exit(1)'],
      restarts: opt.nodeRestarts,
      every: opt.nodeEvery,
      deadlineMs: 30 * 60_000,
      rssBoundKiB: THRESHOLDS.rssOutsideHeapSlopeKiBPer1000ShortSoak,
    },
  ];
}

/** Runs every soak; returns whether all passed. `ctx`: { dist, gc, say, progress, elapsedS, recordPids, bare }. */
export async function runSoaks(soaks, ctx) {
  let passed = true;
  for (const soak of soaks) {
    if (!(await runSoak(soak, ctx))) passed = false;
    if (ctx.bare.includes(soak.key)) await bareReference(soak, ctx);
  }
  const t = THRESHOLDS;
  ctx.say('');
  ctx.say(
    `Soak bounds: heapUsed after GC, slope <= ${t.heapSlopeKiBPer1000} KiB per 1,000 restarts; RSS outside the V8 heap ` +
      `(rss - v8 total_physical_size), slope <= ${t.rssOutsideHeapSlopeKiBPer1000} KiB per 1,000 restarts in the /bin/false ` +
      `soak, <= ${t.rssOutsideHeapSlopeKiBPer1000ShortSoak} KiB in the node soak (a span five times shorter after the ` +
      'warm-up, so a slope error of 200-300 KiB, and a bare node spawn loop creeps ~600 KiB per 1,000 over its first ' +
      `~2,000 restarts); fds, active resources and listener counts: no growth at all; all after the first ` +
      `${t.warmupSamples} samples.`,
  );
  ctx.say(
    'Raw RSS is not judged: V8 grows its young generation in steps (new space 4 -> 8 -> 16 -> 32 MiB committed, then ' +
      'it stops; shrunk again when allocation slows), which moves RSS by up to ~28 MiB in any long-running node program.',
  );
  ctx.say('Each retained sample itself adds ~0.45 KiB to heapUsed (<= 2.3 KiB per 1,000 restarts when sampling every 200).');
  return passed;
}

async function runSoak(soak, { dist, gc, say, progress, elapsedS, recordPids }) {
  progress(`soak ${soak.label}: ${soak.restarts} restarts, sampling every ${soak.every}`);
  say('');
  say(
    `== Soak: ${soak.label}, ${soak.restarts} restarts under one Supervisor (restart 'always', backoff 0, ` +
      `stdio 'ignore'), sampled every ${soak.every} ==`,
  );
  let result;
  try {
    result = await soakRestarts({
      dist,
      gc,
      ...soak,
      onProgress: (n) => progress(`  ${soak.label}: ${n} restarts (${elapsedS().toFixed(0)} s)`),
    });
  } catch (error) {
    say(`  FAIL  ${error.message}`);
    return false;
  }
  recordPids(result.pids);
  for (const line of samplesTable(result.samples)) say(`  ${line}`);
  say('');
  say(
    `  slopes: least squares over the samples after the first ${THRESHOLDS.warmupSamples} (warm-up), per 1,000 restarts` +
      (soak.every !== 1000 ? ` (sampled every ${soak.every}, scaled)` : ''),
  );
  const rows = soakChecks(result, soak);
  for (const line of checksTable(rows)) say(`  ${line}`);
  const runChecks = soakRunChecks(result, soak.restarts);
  for (const c of runChecks) say(`  ${verdict(c.pass)}  ${c.what}`);
  say(
    `  info: ${result.restartsPerSecond.toFixed(1)} restarts/s over ${(result.elapsedMs / 1000).toFixed(1)} s (first ` +
      `spawn to last, sampling included); exit -> spawn gap between the events: median ${ms(result.gap.median, 3)}, ` +
      `p90 ${ms(result.gap.p90, 3)}`,
  );
  const passed = rows.every((r) => r.pass) && runChecks.every((c) => c.pass);
  say(`  ${verdict(passed)}: soak ${soak.label}`);
  return passed;
}

/** The bare spawn-and-wait loop over the same restarts, sampled the same way: info only. */
async function bareReference(soak, { gc, say, progress, recordPids }) {
  progress(`bare loop ${soak.label}: ${soak.restarts} restarts, sampling every ${soak.every}`);
  say('');
  say(
    `  reference, not judged: a bare spawn-and-wait loop of ${soak.label} in this process (after the soak), ` +
      `${soak.restarts} restarts, same sampling`,
  );
  let result;
  try {
    result = await bareLoop({ gc, ...soak, onProgress: (n) => progress(`  bare ${soak.label}: ${n} restarts`) });
  } catch (error) {
    say(`  (bare loop failed: ${error.message})`);
    return;
  }
  recordPids(result.pids);
  for (const line of samplesTable(result.samples)) say(`    ${line}`);
  for (const line of checksTable(memoryChecks(result.samples, { judged: false }))) say(`    ${line}`);
}
