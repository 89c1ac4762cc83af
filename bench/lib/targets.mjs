// The benchmark's targets, in one place. Each is written in the statistic its verdict uses (difference / ratio of
// the medians, see the header of bench/run.mjs); the paired figure is shown beside it, not judged.
export const TARGET = {
  // Import of the ESM dist by a fresh node: met when EITHER holds (both baselines are sampled interleaved with it).
  importOverBareMs: 15, // at most +15 ms over bare `node -e 0`
  importOverEmptyMjsMs: 10, // or at most +10 ms over a fresh node importing an empty .mjs file
  restartRatio: 1.05, // at most 1.05x the bare loop's ms per restart (/bin/false and the node child)
  latencyMs: 0.5, // median exit -> next spawn within 0.5 ms of the bare loop's
  rssRatio: 1.1, // informational for now (a later issue)
  launcherMs: 30, // daemon() launcher back to the shell: at most +30 ms over bare `node -e 0`
  workerStartMs: 20, // code after `await daemon()` runs at most 20 ms later than in the same program without it
  guardRssRatio: 1.1, // guard with one idle worker: at most 1.1x a bare node parent waiting on one child
  heartbeatCpuPct: 1, // 20 workers calling heartbeat() every 100 ms: the supervising process under 1% of one core
  apiNoiseMinMs: 1, // unsupervised notifyReady()+heartbeat(): within noise, a band of max(1 ms, 2 standard errors)
  treeStartRatio: 1.1, // tree.start() of 50 children without readiness -> last spawn: at most 1.1x 50 bare spawns in a row
  treeHeapPerChildKiB: 50, // a tree's heapUsed per idle child at most +50 KiB over a bare ChildProcess's
  treeIdleTimers: 0, // an idle tree of 200 children keeps no 'Timeout' active beyond the bare process's
  logThroughputRatio: 0.8, // piped output with rotation on: at least 0.8x the throughput of the child writing the file itself
  cliVersionRatio: 1.5, // `daemonkit --version` at most 1.5x bare `node -e 0` (issue 12; pm2 7: 2.3x on this kind of machine)
  cliStatusRatio: 2, // `daemonkit status` of a guard of 5 apps at most 2x bare `node -e 0` (issue 12; pm2 7 jlist: 2.5x)
  cliStartRatio: 2.5, // `daemonkit start` back at the shell at most 2.5x bare `node -e 0` (issue 12; pm2 7 start: 3.1x)
};
