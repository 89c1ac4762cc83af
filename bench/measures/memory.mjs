// Memory: VmRSS of the PARENT (bare spawner vs one Supervisor) with the same idle child, after a settle delay. The
// daemon's guard (a Supervisor over one idle worker, as daemon() runs it) joins the same rounds: its RSS is compared
// with the same bare parent. The order rotates every round.
import { setTimeout as delay } from 'node:timers/promises';
import { runDaemonOnce, stopsRow } from '../lib/daemon-control.mjs';
import { fmtDiff, fmtMiB, fmtX, progress, verdict } from '../lib/format.mjs';
import { startNode } from '../lib/node.mjs';
import { benchFile, distEsmUrl } from '../lib/paths.mjs';
import { vmRssKiB } from '../lib/procs.mjs';
import { median } from '../lib/stats.mjs';
import { TARGET } from '../lib/targets.mjs';
import { killQuietly, trackGroup, untrackGroup } from '../lib/tracking.mjs';

export const name = 'memory';

async function measureIdleParent(mode, settleMs) {
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
  trackGroup(childPid);
  try {
    await delay(settleMs); // the deliberate settle delay
    const parentRssKiB = vmRssKiB(child.pid);
    const childRssKiB = vmRssKiB(childPid);
    return { mode, parentRssKiB, childRssKiB };
  } finally {
    // Ask the parent to take its child down and exit; SIGKILL both by pid/group if that takes over 5 s.
    process.kill(child.pid, 'SIGTERM');
    const safety = setTimeout(() => killQuietly(child.pid), 5000);
    await exited;
    clearTimeout(safety);
    // Still there only if the parent had to be killed.
    if (killQuietly(-childPid, 0)) killQuietly(-childPid);
    untrackGroup(childPid);
  }
}

export async function measure(opt) {
  progress(`memory: ${opt.memRounds} rounds (bare parent, Supervisor, daemon guard), ${opt.settleMs} ms settle`);
  const modes = ['baseline', 'subject', 'guard'];
  const samples = { baseline: [], subject: [], guard: [] };
  for (let r = 0; r < opt.memRounds; r++) {
    for (let k = 0; k < modes.length; k++) {
      const mode = modes[(r + k) % modes.length];
      if (mode === 'guard') {
        const d = await runDaemonOnce({ settleMs: opt.settleMs });
        samples.guard.push({ guardRssKiB: d.guardRssKiB, workerRssKiB: d.workerRssKiB, stop: d.stop });
      } else {
        samples[mode].push(await measureIdleParent(mode, opt.settleMs));
      }
    }
  }
  const parent = {
    baseline: median(samples.baseline.map((s) => s.parentRssKiB)),
    subject: median(samples.subject.map((s) => s.parentRssKiB)),
  };
  const guardRssKiB = median(samples.guard.map((s) => s.guardRssKiB));
  return {
    samples,
    parentRssKiB: parent,
    ratio: parent.subject / parent.baseline,
    guardRssKiB,
    guardRatio: guardRssKiB / parent.baseline,
    pairedGuardRatio: median(samples.guard.map((s, i) => s.guardRssKiB / samples.baseline[i].parentRssKiB)),
  };
}

/** The guards' stops, for the stopDaemon() row (the daemon measurement's rows report them with its own). */
export const guardStops = (mem) => mem.samples.guard.map((g) => g.stop);

export function rows(mem, { opt, results }) {
  const out = [
    {
      metric: `Parent RSS, 1 idle node child (median of ${opt.memRounds}, ${opt.settleMs} ms settle)`,
      baseline: fmtMiB(mem.parentRssKiB.baseline),
      subject: fmtMiB(mem.parentRssKiB.subject),
      delta: `${fmtX(mem.ratio)} (${fmtDiff((mem.parentRssKiB.subject - mem.parentRssKiB.baseline) / 1024, 1, 'MiB')})`,
      target: `<= ${TARGET.rssRatio.toFixed(2)}x (later)`,
      result: `INFO (${verdict(mem.ratio <= TARGET.rssRatio)})`,
    },
    {
      metric: `Guard RSS, daemon() with 1 idle worker (median of ${opt.memRounds}, ${opt.settleMs} ms settle)`,
      baseline: fmtMiB(mem.parentRssKiB.baseline),
      subject: fmtMiB(mem.guardRssKiB),
      delta: `${fmtX(mem.guardRatio)} (${fmtDiff((mem.guardRssKiB - mem.parentRssKiB.baseline) / 1024, 1, 'MiB')}, paired ${fmtX(mem.pairedGuardRatio)})`,
      target: `<= ${TARGET.guardRssRatio.toFixed(2)}x`,
      result: verdict(mem.guardRatio <= TARGET.guardRssRatio),
    },
  ];
  // Without the daemon() measurement in this run, the guards' stops get their row here.
  if (!results.daemon) out.push(stopsRow(guardStops(mem)));
  return out;
}

export const notes = () => [
  'Guard RSS: VmRSS of the guard (pid from the pid file) a settle after its worker ran its first line; baseline = the bare idle parent above.',
];

export const json = (mem) => ({ memory: mem });
