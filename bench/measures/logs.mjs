// Logs: the fixed child (bench/log-writer-child.mjs: 256 MB of 100-byte lines in 64 KiB batches) under a Supervisor,
// writing the file itself (`fd`, the direct mode) and piped through the supervisor with rotation on (`piped`: 32 MiB
// files, 2 kept). Each run in a fresh process (bench/log-worker.mjs), alternating order per round; the supervising
// process's CPU and RSS are its own. For scale, `bare-pipe` (no daemonkit: spawn with a pipe, writeSync each chunk)
// and the piped modes with gzip and with timestamps. Then the direct mode's cost per restart: a /bin/false crash
// loop with a logFile, against the bare loop (as crash-loop.mjs, whose figure is without a logFile).
import { fmtMs, fmtX, progress, verdict } from '../lib/format.mjs';
import { runJsonWorker } from '../lib/node.mjs';
import { benchFile, distEsmUrl } from '../lib/paths.mjs';
import { median } from '../lib/stats.mjs';
import { TARGET } from '../lib/targets.mjs';
import { freshDir } from '../lib/tracking.mjs';
import { join } from 'node:path';

export const name = 'logs';

const MODES = ['fd', 'piped', 'bare-pipe', 'piped-gzip', 'piped-time'];

export async function measure(opt) {
  const dir = freshDir('logs');
  const rounds = [];
  for (let r = 0; r < opt.logRounds; r++) {
    // fd and piped, the judged pair, next to each other; the others after.
    const pair = r % 2 === 0 ? ['fd', 'piped'] : ['piped', 'fd'];
    const round = {};
    for (const mode of [...pair, ...MODES.slice(2)]) {
      round[mode] = await runJsonWorker([benchFile('log-worker.mjs'), JSON.stringify({ mode, mb: opt.logMb, dir, dist: distEsmUrl })]);
    }
    progress(
      `logs round ${r + 1}/${opt.logRounds}: fd ${round.fd.wallMs.toFixed(0)} ms, piped ${round.piped.wallMs.toFixed(0)} ms, ` +
        `bare pipe ${round['bare-pipe'].wallMs.toFixed(0)} ms, gzip ${round['piped-gzip'].wallMs.toFixed(0)} ms, ` +
        `timestamps ${round['piped-time'].wallMs.toFixed(0)} ms`,
    );
    rounds.push(round);
  }
  const by = (mode, key) => median(rounds.map((r) => r[mode][key]));
  const modes = Object.fromEntries(
    MODES.map((mode) => [
      mode,
      {
        wallMs: by(mode, 'wallMs'),
        mbPerS: opt.logMb / (by(mode, 'wallMs') / 1000),
        cpuMsPerGB: by(mode, 'cpuMs') / (opt.logMb / 1000),
        rssStartKiB: by(mode, 'rssStartKiB'),
        rssMaxKiB: by(mode, 'rssMaxKiB'),
      },
    ]),
  );
  const throughputRatio = modes.fd.wallMs / modes.piped.wallMs;
  const pairedRatio = median(rounds.map((r) => r.fd.wallMs / r.piped.wallMs));

  progress(`crash loop /bin/false with a logFile: ${opt.rounds} rounds x ${opt.runs} runs`);
  const loop = [];
  for (let r = 0; r < opt.rounds; r++) {
    const order = r % 2 === 0 ? ['baseline', 'subject'] : ['subject', 'baseline'];
    const round = {};
    for (const mode of order) {
      const cfg = { mode, command: '/bin/false', args: [], runs: opt.runs, warmup: opt.warmup, dist: distEsmUrl, logFile: join(dir, 'loop.log') };
      round[mode] = await runJsonWorker([benchFile('crash-loop-worker.mjs'), JSON.stringify(cfg)]);
    }
    loop.push(round);
  }
  const perRun = { baseline: median(loop.map((r) => r.baseline.perRunMs)), subject: median(loop.map((r) => r.subject.perRunMs)) };
  return {
    mb: opt.logMb,
    rounds,
    modes,
    throughputRatio,
    pairedRatio,
    loop: { perRun, ratio: perRun.subject / perRun.baseline, pairedRatio: median(loop.map((r) => r.subject.perRunMs / r.baseline.perRunMs)) },
  };
}

export function rows(result, { results }) {
  const { modes, mb } = result;
  const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
  const out = [
    {
      metric: `Logs: ${mb} MB of 100-byte lines, piped + rotation vs direct fd, throughput`,
      baseline: `${modes.fd.mbPerS.toFixed(0)} MB/s`,
      subject: `${modes.piped.mbPerS.toFixed(0)} MB/s`,
      delta: `${fmtX(result.throughputRatio)} (paired ${fmtX(result.pairedRatio)})`,
      target: `>= ${TARGET.logThroughputRatio}x`,
      result: verdict(result.throughputRatio >= TARGET.logThroughputRatio),
    },
    {
      metric: '  supervising process CPU per GB, fd / piped + rotation',
      baseline: fmtMs(modes.fd.cpuMsPerGB, 0),
      subject: fmtMs(modes.piped.cpuMsPerGB, 0),
      delta: '',
      target: 'info',
      result: 'INFO',
    },
    {
      metric: '  supervising process RSS before -> peak, fd / piped + rotation',
      baseline: `${mib(modes.fd.rssStartKiB)} -> ${mib(modes.fd.rssMaxKiB)}`,
      subject: `${mib(modes.piped.rssStartKiB)} -> ${mib(modes.piped.rssMaxKiB)}`,
      delta: '',
      target: 'flat',
      result: 'INFO',
    },
    {
      metric: '  for scale: bare Node pipe -> writeSync (no daemonkit), throughput / CPU per GB',
      baseline: `${modes.fd.mbPerS.toFixed(0)} MB/s`,
      subject: `${modes['bare-pipe'].mbPerS.toFixed(0)} MB/s / ${fmtMs(modes['bare-pipe'].cpuMsPerGB, 0)}`,
      delta: `${fmtX(modes.fd.wallMs / modes['bare-pipe'].wallMs)}; piped + rotation ${fmtX(modes['bare-pipe'].wallMs / modes.piped.wallMs)} of it`,
      target: 'info',
      result: 'INFO',
    },
    {
      metric: '  piped + rotation + gzip / + timestamps: throughput, CPU per GB',
      baseline: '-',
      subject: `${modes['piped-gzip'].mbPerS.toFixed(0)} MB/s, ${fmtMs(modes['piped-gzip'].cpuMsPerGB, 0)} / ${modes['piped-time'].mbPerS.toFixed(0)} MB/s, ${fmtMs(modes['piped-time'].cpuMsPerGB, 0)}`,
      delta: '',
      target: 'info',
      result: 'INFO',
    },
  ];
  const loop = result.loop;
  const without = results['crash-loop']?.loopFalse;
  out.push({
    metric: `Crash loop /bin/false with a logFile (direct), ms/run`,
    baseline: fmtMs(loop.perRun.baseline, 3),
    subject: fmtMs(loop.perRun.subject, 3),
    delta: `${fmtX(loop.ratio)} (paired ${fmtX(loop.pairedRatio)})${without ? `; without logFile ${fmtX(without.ratio)}` : ''}`,
    target: `<= ${TARGET.restartRatio.toFixed(2)}x`,
    result: verdict(loop.ratio <= TARGET.restartRatio),
  });
  return out;
}

export const notes = (opt) => [
  `Logs: ${opt.logRounds} rounds, each run in a fresh process; piped + rotation = { maxBytes: 32 MiB, maxFiles: 2 }. Throughput = ${opt.logMb} MB / (start() -> done).`,
  '  CPU and RSS are the supervising process\'s own (process.cpuUsage, RSS sampled every 20 ms); the child is the same in every mode.',
];

export const json = (result) => ({ logs: result });
