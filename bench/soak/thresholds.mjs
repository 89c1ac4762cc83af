// The soak's and the faults' pass/fail bounds, in one place (the report prints them next to each figure).
export const THRESHOLDS = {
  // Samples ignored by the slopes and the flatness checks: restart 0 and the first sample after it (JIT, lazy
  // loading, first-use allocations).
  warmupSamples: 2,
  // JS heap after two full GCs: a leak of ~64 bytes per restart shows as 64 KiB per 1,000 restarts.
  heapSlopeKiBPer1000: 64,
  // RSS outside the V8 heap (RSS - v8.getHeapStatistics().total_physical_size; see sample.mjs for why): 256 KiB per
  // 1,000 restarts in the /bin/false soak (2.5 MiB over 10,000 restarts: a native leak of a few hundred bytes per
  // restart). This is the sensitive RSS check: the node soak runs the same Supervisor code five times fewer times.
  // The node soak: 1 MiB per 1,000 restarts (about 1.6 MiB over its 1,600 restarts after the warm-up). Its samples
  // scatter by +-0.5 MiB, which over that short span makes a slope error of 200-300 KiB per 1,000, and a bare
  // spawn-and-wait loop of the same node child, without daemonkit, creeps by ~600 KiB per 1,000 restarts over its
  // first ~2,000 restarts, then levels off (measured while writing this suite; `--bare node` shows it in the report).
  rssOutsideHeapSlopeKiBPer1000: 256,
  rssOutsideHeapSlopeKiBPer1000ShortSoak: 1024,
  // fds, active resources and listener counts: exact, no growth at all after the warm-up.
  // Faults.
  sigtermStopMaxExtraMs: 700, // stop({ timeoutMs: 300 }) resolves within 300 + this
  watchdogSlackMs: 1500, // SIGSTOP -> exit event within watchdog timeout + killTimeoutMs + this
  devFullCpuPct: 20, // supervising process CPU over the /dev/full window, % of one core
  devFullWindowMs: 5000,
  timerEarlyToleranceMs: 2, // a restart may come this much before its announced backoff delay (timer rounding)
};
