// Crash loops, bare loop vs Supervisor (/bin/false, then a node child exiting 1): each measurement in a fresh process
// (bench/crash-loop-worker.mjs), alternating order per round. Cost per restart, and exit seen -> next spawn.
import { fmtDiff, fmtMiB, fmtMs, fmtX, progress, verdict } from '../lib/format.mjs';
import { NODE, runJsonWorker } from '../lib/node.mjs';
import { benchFile, distEsmUrl } from '../lib/paths.mjs';
import { median, summary } from '../lib/stats.mjs';
import { TARGET } from '../lib/targets.mjs';

export const name = 'crash-loop';

async function measureLoop(label, command, args, runs, roundCount, warmup, instrument = false) {
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

export async function measure(opt) {
  progress(`crash loop /bin/false: ${opt.rounds} rounds x ${opt.runs} runs`);
  const loopFalse = await measureLoop('/bin/false', '/bin/false', [], opt.runs, opt.rounds, opt.warmup, true);
  progress(`crash loop node child: ${opt.nodeRounds} rounds x ${opt.nodeRuns} runs`);
  const loopNode = await measureLoop('node exit(1)', NODE, ['-e', 'process.exit(1)'], opt.nodeRuns, opt.nodeRounds, opt.nodeWarmup);
  return { loopFalse, loopNode };
}

export function rows({ loopFalse, loopNode }) {
  const out = [];
  for (const loop of [loopFalse, loopNode]) {
    out.push({
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
    out.push({
      metric: `Exit seen -> next spawn, ${loop.label} (median of ${loop.latency.subject.n})`,
      baseline: fmtMs(loop.latency.baseline.median, 3),
      subject: fmtMs(loop.latency.subject.median, 3),
      delta: `${fmtDiff(d, 3)} (paired ${fmtDiff(loop.pairedLatencyDiff, 3)})`,
      target: `<= +${TARGET.latencyMs} ms`,
      result: verdict(d <= TARGET.latencyMs),
    });
  }
  out.push(
    {
      metric: `  same, from the 'exit' listener (${loopFalse.label} / node)`,
      baseline: `${fmtMs(loopFalse.latency.baseline.median, 3)} / ${fmtMs(loopNode.latency.baseline.median, 3)}`,
      subject: `${fmtMs(loopFalse.latency.subjectFromExitListener.median, 3)} / ${fmtMs(loopNode.latency.subjectFromExitListener.median, 3)}`,
      delta: '',
      target: 'info',
      result: 'INFO',
    },
    {
      metric: `  supervisor's own work before / after spawn() (${loopFalse.label})`,
      baseline: '0 (by construction)',
      subject: `${fmtMs(loopFalse.bookkeeping.beforeSpawnMs.median, 3)} / ${fmtMs(loopFalse.bookkeeping.afterSpawnMs.median, 3)}`,
      delta: `spawn() itself ${fmtMs(loopFalse.bookkeeping.spawnCallMs.median, 3)}`,
      target: 'info',
      result: 'INFO',
    },
    {
      metric: `  crash-loop parent VmRSS / VmPTE (${loopFalse.label})`,
      baseline: `${fmtMiB(loopFalse.size.baseline.vmRssKiB)} / ${loopFalse.size.baseline.vmPteKiB} KiB`,
      subject: `${fmtMiB(loopFalse.size.subject.vmRssKiB)} / ${loopFalse.size.subject.vmPteKiB} KiB`,
      delta: `${fmtX(loopFalse.size.subject.vmPteKiB / loopFalse.size.baseline.vmPteKiB)} page tables`,
      target: 'info',
      result: 'INFO',
    },
    {
      metric: 'new Supervisor + xdaemonPolicy, first / next',
      baseline: '-',
      subject: `${fmtMs(median([loopFalse.construct.coldMs, loopNode.construct.coldMs]), 1)} / ${fmtMs(
        median([loopFalse.construct.warmMs, loopNode.construct.warmMs]),
        2,
      )}`,
      delta: '',
      target: 'info',
      result: 'INFO',
    },
  );
  return out;
}

export const notes = (opt) => [
  `Crash loops: each measurement in a fresh process after ${opt.warmup} (node: ${opt.nodeWarmup}) warm-up runs, bare/supervisor alternating; node child: ${opt.nodeRuns} runs per loop (not ${opt.runs}: ~0.1 s each).`,
  "Latency: bare = 'exit' callback -> spawn() returned; daemonkit = run.endedAt (exit observed) -> 'spawn' listener, same clock.",
  "  Own work: a separate, untimed /bin/false loop with nodeSpawner wrapped to timestamp spawn(): endedAt -> spawn() call, spawn() return -> 'spawn' listener.",
];

export const json = ({ loopFalse, loopNode }) => ({ crashLoops: [loopFalse, loopNode] });
