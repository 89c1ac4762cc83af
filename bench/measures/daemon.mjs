// daemon(): the launcher's time back to the shell, and the worker's start-up, against bare programs. bare node /
// daemon start / plain app / plain app + ipc, interleaved, the order rotating per sample; then a few separately
// probed launches for the launcher's timeline (info).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { runDaemonOnce, runPlainOnce, stopsRow } from '../lib/daemon-control.mjs';
import { fmtDiff, fmtMs, progress, verdict } from '../lib/format.mjs';
import { timedNode } from '../lib/node.mjs';
import { benchFile } from '../lib/paths.mjs';
import { median } from '../lib/stats.mjs';
import { TARGET } from '../lib/targets.mjs';
import { esmOverBare } from './import-cost.mjs';
import { guardStops } from './memory.mjs';

export const name = 'daemon';

const lastJson = (text) => JSON.parse(text.trim().split('\n').pop());

/** Info: launcher runs under bench/launcher-probe.mjs, each with `node --import <probe> -e 0` beside it. */
async function probeLauncher(opt, stops) {
  const probeFlags = ['--import', pathToFileURL(benchFile('launcher-probe.mjs')).href];
  const probe = { launcher: [], bare: [] };
  for (let i = 0; i < opt.probeSamples; i++) {
    const { r, t0, t1 } = timedNode([...probeFlags, '-e', '0'], { stdio: ['ignore', 'ignore', 'pipe'] }, 'probed bare node');
    const m = lastJson(String(r.stderr));
    probe.bare.push({
      wallMs: t1 - t0,
      startToOriginMs: m.timeOrigin - (performance.timeOrigin + t0),
      exitMs: m.exitMs,
      exitToReapedMs: performance.timeOrigin + t1 - (m.timeOrigin + m.exitMs),
    });
    const d = await runDaemonOnce({ nodeFlags: probeFlags });
    stops.push(d.stop);
    const l = lastJson(d.launch.stderr);
    probe.launcher.push({
      wallMs: d.launcherMs,
      startToOriginMs: l.timeOrigin - d.launch.span.startAbs,
      preloadMs: l.preloadMs,
      firstLineMs: l.startMs,
      policyMs: l.policyMs - l.startMs,
      daemonChecksMs: l.logOpenMs - l.policyMs,
      beforeSpawnMs: l.spawnMs - l.logOpenMs,
      spawnCallMs: l.spawnedMs - l.spawnMs,
      spawnToExitMs: l.exitMs - l.spawnedMs,
      exitMs: l.exitMs,
      exitToReapedMs: d.launch.span.endAbs - (l.timeOrigin + l.exitMs),
    });
  }
  const probeMedians = (list) =>
    Object.fromEntries(Object.keys(list[0] ?? {}).map((k) => [k, median(list.map((x) => x[k]))]));
  return { samples: probe, launcher: probeMedians(probe.launcher), bare: probeMedians(probe.bare) };
}

export async function measure(opt) {
  progress(`daemon(): ${opt.daemonSamples} interleaved samples of bare node, daemon start, plain app, plain app + ipc`);
  const names = ['bare', 'daemon', 'plain', 'plainIpc'];
  const samples = { bare: [], launcherMs: [], worker: [], plain: [], plainIpc: [], stops: [] };
  const runOne = async (n, record) => {
    if (n === 'bare') {
      const { ms } = timedNode(['-e', '0'], { stdio: ['ignore', 'ignore', 'pipe'] }, 'bare node');
      if (record) samples.bare.push(ms);
    } else if (n === 'daemon') {
      const d = await runDaemonOnce();
      samples.stops.push(d.stop); // every start is checked, the warm-up's too
      if (record) {
        samples.launcherMs.push(d.launcherMs);
        samples.worker.push(d.worker);
      }
    } else {
      const p = await runPlainOnce({ ipc: n === 'plainIpc' });
      if (record) samples[n].push(p);
    }
  };
  // One unmeasured pass to warm the file cache and the page cache of node itself.
  for (const n of names) await runOne(n, false);
  for (let i = 0; i < opt.daemonSamples; i++) {
    for (let k = 0; k < names.length; k++) await runOne(names[(i + k) % names.length], true);
  }
  const probe = await probeLauncher(opt, samples.stops);

  const workerReady = samples.worker.map((w) => w.readyMs);
  const plainReady = samples.plain.map((p) => p.readyMs);
  return {
    samples,
    probe,
    launcher: {
      bare: median(samples.bare),
      subject: median(samples.launcherMs),
      paired: median(samples.launcherMs.map((ms, i) => ms - samples.bare[i])),
    },
    worker: {
      plain: median(plainReady),
      subject: median(workerReady),
      paired: median(workerReady.map((ms, i) => ms - plainReady[i])),
      // Where the worker's time goes: reaching the app's first line (node start-up, the IPC channel, import),
      // restartPolicy(...) (builds the options passed to daemon()), and the daemon() call itself.
      startPlain: median(samples.plain.map((p) => p.startMs)),
      startPlainIpc: median(samples.plainIpc.map((p) => p.startMs)),
      pairedIpc: median(samples.plainIpc.map((p, i) => p.startMs - samples.plain[i].startMs)),
      startWorker: median(samples.worker.map((w) => w.startMs)),
      policyMs: median(samples.worker.map((w) => w.policyMs - w.startMs)),
      daemonCallMs: median(samples.worker.map((w) => w.daemonMs - w.policyMs)),
    },
  };
}

export function rows(dmn, { opt, results }) {
  const launcherDiff = dmn.launcher.subject - dmn.launcher.bare;
  const workerDiff = dmn.worker.subject - dmn.worker.plain;
  const pl = dmn.probe.launcher;
  const pb = dmn.probe.bare;
  const importNote = results.import ? `; import ${fmtDiff(esmOverBare(results.import), 1)} in row 1` : '';
  return [
    {
      metric: `daemon() launcher back to the shell, wall (median of ${opt.daemonSamples})`,
      baseline: fmtMs(dmn.launcher.bare, 1),
      subject: fmtMs(dmn.launcher.subject, 1),
      delta: `${fmtDiff(launcherDiff, 1)} (paired ${fmtDiff(dmn.launcher.paired, 1)})`,
      target: `<= +${TARGET.launcherMs} ms`,
      result: verdict(launcherDiff <= TARGET.launcherMs),
    },
    {
      metric: `  launcher timeline, --import probe (median of ${opt.probeSamples}): app line 1 @ / restartPolicy()`,
      baseline: '-',
      subject: `${fmtMs(pl.firstLineMs, 1)} / ${fmtMs(pl.policyMs, 1)}`,
      delta: `(probe preload ran @ ${fmtMs(pl.preloadMs, 1)}${importNote})`,
      target: 'info',
      result: 'INFO',
    },
    {
      metric: '    daemon() checks / to spawn() / spawn() / to exit() / exit() @',
      baseline: `exit() @ ${fmtMs(pb.exitMs, 1)}`,
      subject: `${fmtMs(pl.daemonChecksMs, 1)} / ${fmtMs(pl.beforeSpawnMs, 1)} / ${fmtMs(pl.spawnCallMs, 1)} / ${fmtMs(pl.spawnToExitMs, 1)} / ${fmtMs(pl.exitMs, 1)}`,
      delta: 'ms since the launcher started (node clock)',
      target: 'info',
      result: 'INFO',
    },
    {
      metric: '    spawn -> node clock starts / exit() -> reaped (bench clock)',
      baseline: `${fmtMs(pb.startToOriginMs, 1)} / ${fmtMs(pb.exitToReapedMs, 1)}`,
      subject: `${fmtMs(pl.startToOriginMs, 1)} / ${fmtMs(pl.exitToReapedMs, 1)}`,
      delta: `probed wall: bare ${fmtMs(pb.wallMs, 1)}, launcher ${fmtMs(pl.wallMs, 1)}`,
      target: 'info',
      result: 'INFO',
    },
    {
      metric: `daemon() worker: code after it runs, ms since process start (median of ${opt.daemonSamples})`,
      baseline: fmtMs(dmn.worker.plain, 1),
      subject: fmtMs(dmn.worker.subject, 1),
      delta: `${fmtDiff(workerDiff, 1)} (paired ${fmtDiff(dmn.worker.paired, 1)})`,
      target: `<= +${TARGET.workerStartMs} ms`,
      result: verdict(workerDiff <= TARGET.workerStartMs),
    },
    {
      metric: '  worker: app first line / restartPolicy() / daemon() call',
      baseline: `${fmtMs(dmn.worker.startPlain, 1)} / - / -`,
      subject: `${fmtMs(dmn.worker.startWorker, 1)} / ${fmtMs(dmn.worker.policyMs, 2)} / ${fmtMs(dmn.worker.daemonCallMs, 2)}`,
      delta: `first line ${fmtDiff(dmn.worker.startWorker - dmn.worker.startPlain, 1)}`,
      target: 'info',
      result: 'INFO',
    },
    {
      metric: "  of which Node's IPC channel set-up: plain app with an 'ipc' fd, line 1 @",
      baseline: fmtMs(dmn.worker.startPlain, 1),
      subject: fmtMs(dmn.worker.startPlainIpc, 1),
      delta: `${fmtDiff(dmn.worker.startPlainIpc - dmn.worker.startPlain, 1)} (paired ${fmtDiff(dmn.worker.pairedIpc, 1)}), no daemonkit call`,
      target: 'info',
      result: 'INFO',
    },
    // Every daemon this run started: these samples, then the memory rounds' guards (when that measurement ran).
    stopsRow([...dmn.samples.stops, ...(results.memory ? guardStops(results.memory) : [])]),
  ];
}

export const notes = (opt) => [
  'daemon(): `node bench/daemon-app.mjs <tmp dir>` (await daemon({ logFile, pidFile, policy: restartPolicy(...) }), then setInterval);',
  '  launcher = spawn -> launcher exit (spawnSync), bare = `node -e 0`; worker = performance.now() in the first worker after daemon(),',
  "  vs the same file run plainly (no daemon() call, same import; also once more with an 'ipc' fd, detached, as the guard spawns);",
  '  bare / daemon / plain / plain+ipc interleaved, the order rotating per sample.',
  `  Timeline: ${opt.probeSamples} extra launches (not in the timed samples) with --import bench/launcher-probe.mjs, which timestamps the`,
  "  app's first line, restartPolicy(), daemon() opening the log, spawn() of the guard and the 'exit' event; bare = the same probe on -e 0.",
];

export const json = (dmn) => ({ daemon: dmn });
