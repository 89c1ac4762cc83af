// Preloaded with `--import` into separate, instrumented launcher runs (info only; the timed samples run without it):
// timestamps of the launcher's steps, written to stderr as one JSON line when the process exits.
//
//   timeOrigin  performance.timeOrigin (epoch ms), to line the process up with the benchmark's clock
//   preloadMs   this preload ran (node bootstrap + ESM loader)     startMs / policyMs  from bench/daemon-app.mjs
//   logOpenMs   daemon() opened the log: options checked, pid file checked, about to start the guard
//   spawnMs / spawnedMs  child_process.spawn() of the guard called / returned      exitMs  the 'exit' event
//
// Only in the launcher: the guard and worker inherit this preload (daemonkit re-executes with the same node flags)
// and see DAEMONKIT_MARKER, which this reads before daemonkit's import removes it.
if (process.env.DAEMONKIT_MARKER === undefined) {
  const marks = { timeOrigin: performance.timeOrigin, preloadMs: performance.now() };
  const cp = process.getBuiltinModule('node:child_process');
  const fs = process.getBuiltinModule('node:fs');
  const { spawn } = cp;
  cp.spawn = function probedSpawn(...args) {
    marks.spawnMs ??= performance.now();
    try {
      return spawn.apply(this, args);
    } finally {
      marks.spawnedMs ??= performance.now();
    }
  };
  const { openSync } = fs;
  fs.openSync = function probedOpenSync(path, ...rest) {
    if (String(path).endsWith('app.log')) marks.logOpenMs ??= performance.now();
    return openSync.call(this, path, ...rest);
  };
  process.once('exit', () => {
    marks.exitMs = performance.now();
    Object.assign(marks, globalThis.__daemonAppMarks);
    fs.writeSync(2, `${JSON.stringify(marks)}\n`);
  });
}
