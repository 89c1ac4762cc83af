// The control plane (issue 10): a real guard started with startDaemon() (one child, /bin/sleep, in a fresh state
// folder) against bench/control/bare-guard.mjs (no daemonkit: spawns the same child, listens on a Unix socket, echoes
// lines and tells its clients `exit <pid>` / `spawn <pid>`). Both run side by side in each round; the order of the
// samples alternates, so that both share the machine's noise.
//
// 1. `status` round trip: `await remote.status()` on a connected RemoteDaemon, against the bare echo of a line the
//    size of the status request (the bench writes it and awaits the echoed line, split on '\n', not parsed). Calls in
//    blocks of BLOCK, alternating guard / echo; median per call, paired = median of the per-block ratios.
// 2. Event latency. Method: the bench SIGKILLs the child itself (performance.now() just before kill()) and takes the
//    time when the child's `exit` reaches a subscriber: for the guard, the `remote.on('exit')` listener of a second
//    connected RemoteDaemon (the typed client: JSON.parse, eventFromWire); for the bare guard, the `exit <pid>` line
//    its ChildProcess 'exit' handler writes to the bench. Both paths share the kernel's part (kill, SIGCHLD, libuv's
//    waitpid), so bare = that shared part + one bare socket one-way, and guard - bare = the event's latency minus
//    the echo's one-way time, measured the same way, on one clock (the bench's), with no clocks of two processes
//    subtracted. Both guards respawn the child at once (backoff 0, no restart limit); each kill follows a pause of
//    EVENT_GAP_MS after the respawn so that the previous restart's work is done. The echo's round trip / 2 (from 1)
//    is shown beside it.
// 3. RSS with the control socket idle: VmRSS (/proc/<pid>/status) of the guard and of the bare guard, each with its
//    one idle child, --settle-ms after they were up (no client connected: startDaemon's own connection, and one to
//    the bare guard, opened and closed before the settle), before any of the traffic above.
//
// Every guard is stopped with remote.stop() and every bare guard with SIGTERM; both are then checked by pid and by
// process group (their own, their children's), and what is left is killed by pid and reported in the stops row.
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { fmtDiff, fmtMiB, fmtMs, fmtX, progress, verdict } from '../lib/format.mjs';
import { startNode } from '../lib/node.mjs';
import { benchFile, distEsmUrl } from '../lib/paths.mjs';
import { cmdline, groupMembers, isAlive, vmRssKiB } from '../lib/procs.mjs';
import { median } from '../lib/stats.mjs';
import { freshDir, killQuietly, track, trackGroup, untrack, untrackGroup } from '../lib/tracking.mjs';

export const name = 'control';

// Issue 10's targets (kept here: this measurement's own).
const TARGET = {
  statusRatio: 2, // status round trip: median at most 2x the bare echo's
  eventOverOneWayMs: 1, // an event reaches a subscriber within 1 ms (median) of the echo's one-way time
  rssRatio: 1.05, // guard RSS, control socket idle: at most 1.05x the bare guard's
};

// Not flags (run.mjs takes a fixed set); change here.
const ROUNDS = 3; // fresh guard + bare guard per round (RSS is one sample per round)
const CALLS = 2000; // status calls and echoes, each, over all rounds
const BLOCK = 100; // calls per block; blocks alternate guard / echo
const WARMUP = 200; // unmeasured calls of each, per round
const EVENTS = 150; // kills of each child, over all rounds
const EVENT_WARMUP = 5; // unmeasured kills of each, per round
const EVENT_GAP_MS = 20; // pause after each respawn before the next kill

const CHILD = { command: '/bin/sleep', args: ['1000'] };
// Respawn at once, forever: the kills are the bench's, not a crash loop to give up on.
const POLICY = { preset: 'restart', options: { backoff: 0, maxRestarts: 1e9, maxConsecutiveFailures: 1e9 } };
const INTENSITY = { maxRestarts: 1e9, periodMs: 1000 };

let distPromise;
const dist = () => (distPromise ??= import(distEsmUrl));

/** A raw line client of the bare guard: `request(line)` resolves on the next echoed line, `on(prefix)` sees notices. */
function lineClient(path) {
  const socket = netConnect(path);
  socket.setEncoding('utf8');
  let buffered = '';
  let pending;
  const watchers = [];
  socket.on('data', (chunk) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.startsWith('{')) {
        const resolve = pending;
        pending = undefined;
        resolve?.(line);
      } else {
        for (const w of watchers.splice(0)) if (!w(line)) watchers.push(w);
      }
    }
  });
  const ready = new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    ready,
    request(line) {
      return new Promise((resolve) => {
        pending = resolve;
        socket.write(line);
      });
    },
    /** Resolves with [performance.now() at arrival, pid] for the next line `<word> <pid>` (pid optional). */
    next(word, pid) {
      return new Promise((resolve) => {
        watchers.push((line) => {
          const [w, p] = line.split(' ');
          if (w !== word || (pid !== undefined && Number(p) !== pid)) return false;
          resolve([performance.now(), Number(p)]);
          return true;
        });
      });
    },
    close: () => socket.destroy(),
  };
}

async function startGuard() {
  const { startDaemon } = await dist();
  const home = freshDir('control');
  const d = await startDaemon({
    name: 'ctl',
    home,
    services: { web: { ...CHILD, policy: POLICY } },
    intensity: INTENSITY,
  });
  track(d.pid);
  const childPid = d.status.children[0].pid;
  track(childPid);
  return { pid: d.pid, socket: d.paths.socket, childPid };
}

async function startBare() {
  const socket = join(freshDir('control-bare'), 'bare.sock');
  let resolveReady;
  const ready = new Promise((resolve) => {
    resolveReady = resolve;
  });
  const { child, exited } = startNode([benchFile('control/bare-guard.mjs'), socket, CHILD.command, ...CHILD.args], {
    onLine: (line) => {
      const m = /^READY (\d+)$/.exec(line);
      if (m) resolveReady(Number(m[1]));
    },
  });
  const childPid = await Promise.race([
    ready,
    exited.then(({ code }) => {
      throw new Error(`bare guard exited early with code ${code}`);
    }),
  ]);
  trackGroup(childPid);
  // Symmetry with startDaemon(), which connected once and closed: one connection, opened and closed.
  const probe = lineClient(socket);
  await probe.ready;
  probe.close();
  return { pid: child.pid, socket, childPid, exited };
}

/** Stops a guard (remote.stop()) or a bare guard (SIGTERM), checks every pid and group gone, kills what is left. */
async function stopAndCheck(which, g, remote) {
  const t0 = performance.now();
  let stopError;
  try {
    if (which === 'guard') {
      const r = remote ?? (await (await dist()).connect({ socket: g.socket }));
      await r.stop({ timeoutMs: 10_000 });
    } else {
      process.kill(g.pid, 'SIGTERM');
      const safety = setTimeout(() => killQuietly(g.pid), 5000);
      await g.exited;
      clearTimeout(safety);
    }
  } catch (error) {
    stopError = error.message;
  }
  const stopMs = performance.now() - t0;
  // The children killed during the run were reaped (their exit was seen) and untracked then: only the last one counts.
  const pids = [g.pid, g.childPid];
  const leftovers = () => [...new Set([...pids.filter(isAlive), ...pids.flatMap(groupMembers)])];
  const deadline = performance.now() + 2000; // a reaped child may show for a moment
  while (leftovers().length > 0 && performance.now() < deadline) await delay(10);
  const left = leftovers().map((pid) => ({ pid, cmd: cmdline(pid) }));
  for (const { pid } of left) killQuietly(pid);
  untrack(g.pid);
  untrack(g.childPid);
  untrackGroup(g.childPid);
  return { which, stopMs, stopError, left };
}

async function measureRoundTrips(remote, bare, calls, warmup) {
  const line = `${JSON.stringify({ id: 1, method: 'status', params: {} })}\n`;
  const timeStatus = async (n, out) => {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await remote.status();
      out?.push(performance.now() - t0);
    }
  };
  const timeEcho = async (n, out) => {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await bare.request(line);
      out?.push(performance.now() - t0);
    }
  };
  await timeStatus(warmup);
  await timeEcho(warmup);
  const blocks = [];
  for (let b = 0; b * BLOCK < calls; b++) {
    const n = Math.min(BLOCK, calls - b * BLOCK);
    const status = [];
    const echo = [];
    if (b % 2 === 0) {
      await timeStatus(n, status);
      await timeEcho(n, echo);
    } else {
      await timeEcho(n, echo);
      await timeStatus(n, status);
    }
    blocks.push({ status, echo });
  }
  const reply = await remote.status();
  return { blocks, requestBytes: Buffer.byteLength(line), replyBytes: Buffer.byteLength(`${JSON.stringify({ id: 1, result: reply })}\n`) };
}

/** One kill of the guard's child: ms from kill() to the `exit` event in the subscriber; waits for the respawn. */
async function killGuardChild(g, events) {
  const pid = g.childPid;
  const exit = new Promise((resolve) => {
    const on = (p) => {
      if (p.run?.pid !== pid) return;
      events.off('exit', on);
      resolve(performance.now());
    };
    events.on('exit', on);
  });
  const spawned = new Promise((resolve) => events.once('spawn', (p) => resolve(p.pid)));
  const t0 = performance.now();
  process.kill(pid, 'SIGKILL');
  const t1 = await exit;
  untrack(pid);
  g.childPid = await spawned;
  track(g.childPid);
  return t1 - t0;
}

async function killBareChild(g, client) {
  const pid = g.childPid;
  const exit = client.next('exit', pid);
  const spawned = client.next('spawn');
  const t0 = performance.now();
  process.kill(pid, 'SIGKILL');
  const [t1] = await exit;
  untrackGroup(pid);
  [, g.childPid] = await spawned;
  trackGroup(g.childPid);
  return t1 - t0;
}

async function measureEvents(g, events, b, bareEvents, count, warmup) {
  const guard = [];
  const bare = [];
  const one = async (which, out) => {
    await delay(EVENT_GAP_MS);
    const ms = which === 'guard' ? await killGuardChild(g, events) : await killBareChild(b, bareEvents);
    out?.push(ms);
  };
  for (let i = 0; i < warmup; i++) {
    await one('guard');
    await one('bare');
  }
  for (let i = 0; i < count; i++) {
    const first = i % 2 === 0 ? 'guard' : 'bare';
    await one(first, first === 'guard' ? guard : bare);
    await one(first === 'guard' ? 'bare' : 'guard', first === 'guard' ? bare : guard);
  }
  return { guard, bare };
}

async function oneRound(r, opt) {
  const { connect } = await dist();
  let g;
  let b;
  const stops = [];
  let remote;
  let events;
  let bareRtt;
  let bareEvents;
  try {
    // Start order alternates per round.
    if (r % 2 === 0) {
      g = await startGuard();
      b = await startBare();
    } else {
      b = await startBare();
      g = await startGuard();
    }
    await delay(opt.settleMs); // the deliberate settle delay, nothing connected
    const rss = { guardKiB: vmRssKiB(g.pid), bareKiB: vmRssKiB(b.pid) };

    remote = await connect({ socket: g.socket });
    bareRtt = lineClient(b.socket);
    await bareRtt.ready;
    const rtt = await measureRoundTrips(remote, bareRtt, Math.round(CALLS / ROUNDS), WARMUP);

    events = await connect({ socket: g.socket });
    events.on('exit', () => {}); // subscribes this connection
    await events.status(); // the subscription is in place once a later request is answered
    bareEvents = lineClient(b.socket);
    await bareEvents.ready;
    const ev = await measureEvents(g, events, b, bareEvents, Math.round(EVENTS / ROUNDS), EVENT_WARMUP);
    return { rss, rtt, events: ev, stops };
  } finally {
    events?.close();
    bareRtt?.close();
    bareEvents?.close();
    if (g) stops.push(await stopAndCheck('guard', g, remote));
    if (b) stops.push(await stopAndCheck('bare', b));
  }
}

export async function measure(opt) {
  progress(
    `control: ${ROUNDS} rounds of a startDaemon() guard and a bare guard (1 child each): RSS after ${opt.settleMs} ms, ` +
      `${CALLS} status calls vs echoes, ${EVENTS} child kills each`,
  );
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await oneRound(r, opt));
  const blocks = rounds.flatMap((x) => x.rtt.blocks);
  const statusMs = median(blocks.flatMap((bl) => bl.status));
  const echoMs = median(blocks.flatMap((bl) => bl.echo));
  const evGuard = rounds.flatMap((x) => x.events.guard);
  const evBare = rounds.flatMap((x) => x.events.bare);
  const eventMs = { guard: median(evGuard), bare: median(evBare) };
  const rss = { guardKiB: median(rounds.map((x) => x.rss.guardKiB)), bareKiB: median(rounds.map((x) => x.rss.bareKiB)) };
  const out = {
    rounds: rounds.map((x) => ({
      rss: x.rss,
      statusMs: median(x.rtt.blocks.flatMap((bl) => bl.status)),
      echoMs: median(x.rtt.blocks.flatMap((bl) => bl.echo)),
      events: x.events,
      stops: x.stops,
    })),
    requestBytes: rounds[0].rtt.requestBytes,
    replyBytes: rounds[0].rtt.replyBytes,
    status: {
      statusMs,
      echoMs,
      ratio: statusMs / echoMs,
      pairedRatio: median(blocks.map((bl) => median(bl.status) / median(bl.echo))),
      p90: { status: percentileOf(blocks.flatMap((bl) => bl.status), 90), echo: percentileOf(blocks.flatMap((bl) => bl.echo), 90) },
    },
    event: {
      ...eventMs,
      diffMs: eventMs.guard - eventMs.bare,
      // Samples come in pairs (guard and bare next to each other): their difference, then the median.
      pairedDiffMs: median(evGuard.map((ms, i) => ms - evBare[i])),
      echoOneWayMs: echoMs / 2,
    },
    rss: { ...rss, ratio: rss.guardKiB / rss.bareKiB, pairedRatio: median(rounds.map((x) => x.rss.guardKiB / x.rss.bareKiB)) },
    stops: rounds.flatMap((x) => x.stops),
  };
  progress(
    `control: status ${fmtMs(statusMs, 3)} vs echo ${fmtMs(echoMs, 3)}; exit event ${fmtMs(eventMs.guard, 3)} vs bare ${fmtMs(eventMs.bare, 3)}; ` +
      `RSS ${fmtMiB(rss.guardKiB)} vs ${fmtMiB(rss.bareKiB)}`,
  );
  return out;
}

function percentileOf(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export function rows(c) {
  const left = c.stops.reduce((n, st) => n + st.left.length, 0);
  const errors = c.stops.filter((st) => st.stopError).length;
  const guardStops = c.stops.filter((st) => st.which === 'guard');
  return [
    {
      metric: `Control: \`status\` round trip vs bare Unix-socket echo (median of ${CALLS}, ${c.replyBytes} B reply)`,
      baseline: fmtMs(c.status.echoMs, 3),
      subject: fmtMs(c.status.statusMs, 3),
      delta: `${fmtX(c.status.ratio)} (paired ${fmtX(c.status.pairedRatio)}; p90 ${fmtMs(c.status.p90.echo, 3)} / ${fmtMs(c.status.p90.status, 3)})`,
      target: `<= ${TARGET.statusRatio}x`,
      result: verdict(c.status.ratio <= TARGET.statusRatio),
    },
    {
      metric: `Control: child killed -> exit event in a subscriber vs bare guard's line (median of ${EVENTS})`,
      baseline: fmtMs(c.event.bare, 3),
      subject: fmtMs(c.event.guard, 3),
      delta: `${fmtDiff(c.event.diffMs, 3)} (paired ${fmtDiff(c.event.pairedDiffMs, 3)}; echo one-way ${fmtMs(c.event.echoOneWayMs, 3)})`,
      target: `<= +${TARGET.eventOverOneWayMs} ms`,
      result: verdict(c.event.diffMs <= TARGET.eventOverOneWayMs),
    },
    {
      metric: `Control: guard RSS, socket idle, 1 idle child (startDaemon vs bare guard, median of ${ROUNDS})`,
      baseline: fmtMiB(c.rss.bareKiB),
      subject: fmtMiB(c.rss.guardKiB),
      delta: `${fmtX(c.rss.ratio)} (${fmtDiff((c.rss.guardKiB - c.rss.bareKiB) / 1024, 1, 'MiB')}, paired ${fmtX(c.rss.pairedRatio)})`,
      target: `<= ${TARGET.rssRatio}x`,
      result: verdict(c.rss.ratio <= TARGET.rssRatio),
    },
    {
      metric: `Control: remote.stop() / bare SIGTERM: every pid and group gone (${c.stops.length} process trees)`,
      baseline: '-',
      subject: `${left} left, ${errors} errors`,
      delta: `remote.stop() took ${fmtMs(median(guardStops.map((st) => st.stopMs)), 1)} (median)`,
      target: '0 left',
      result: verdict(left === 0 && errors === 0),
    },
  ];
}

export const notes = (opt) => [
  `Control: a startDaemon() guard (child /bin/sleep, backoff 0) vs bench/control/bare-guard.mjs (same child, a Unix socket, no daemonkit), ${ROUNDS} rounds.`,
  `  status: await remote.status() vs writing a line of the request's size to the bare guard and awaiting its echo; blocks of ${BLOCK} alternate, paired = per-block ratio.`,
  '  event: bench SIGKILLs the child, timed until the exit event reaches remote.on("exit") vs until the bare guard\'s "exit <pid>" line arrives;',
  '  both include the same kill/SIGCHLD/waitpid part, so the difference is the event\'s latency minus the echo\'s one-way time (bench clock only).',
  `  RSS: VmRSS of each guard process ${opt.settleMs} ms after start, nothing connected, before the traffic.`,
];

export const json = (c) => ({ control: c });
