// One logs measurement in a fresh process: a Supervisor runs bench/log-writer-child.mjs once with its output in a
// log file, in the direct mode (`fd`: the child writes the file) or piped with rotation on (`piped`), and this
// process reports its own CPU and RSS over the run.
//
//   node bench/log-worker.mjs '{"mode":"fd"|"piped"|"piped-gzip"|"piped-time"|"bare-pipe","mb":256,"dir":"/tmp/...","dist":"file:///.../index.js"}'
//
// `bare-pipe` is no daemonkit at all: the least a Node parent can do with piped output, spawn() with a pipe and
// writeSync() each chunk to the file, for scale.
//
// Prints one JSON line: { mode, bytes, wallMs, cpuMs, rssStartKiB, rssMaxKiB, rssEndKiB, files }.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const { mode, mb, dir, dist } = JSON.parse(process.argv[2]);
const { Supervisor, restartPolicy } = await import(dist);
const path = join(dir, `${mode}.log`);
const logFile =
  mode === 'fd'
    ? path
    : { path, maxBytes: 32 * 1024 * 1024, maxFiles: 2, compress: mode === 'piped-gzip', timestamps: mode === 'piped-time' };
const child = fileURLToPath(new URL('./log-writer-child.mjs', import.meta.url));

const rssKiB = () => Math.round(process.memoryUsage.rss() / 1024);
// Construct once before measuring: option parsing loads zod, which is not the log's cost.
const supervisor =
  mode === 'bare-pipe' ? bare() : new Supervisor({ command: process.execPath, args: [child, String(mb)], logFile, policy: restartPolicy({ restart: 'never' }) });

function bare() {
  return {
    start() {
      const fd = openSync(path, 'a', 0o640);
      const proc = spawn(process.execPath, [child, String(mb)], { stdio: ['ignore', 'pipe', 'pipe'] });
      proc.stdout.on('data', (chunk) => writeSync(fd, chunk));
      this.done = new Promise((resolve) =>
        proc.once('close', (code) => {
          closeSync(fd);
          resolve({ lastRun: { outcome: { code } } });
        }),
      );
    },
  };
}
global.gc?.();
const rssStartKiB = rssKiB();
let rssMaxKiB = rssStartKiB;
const sampler = setInterval(() => (rssMaxKiB = Math.max(rssMaxKiB, rssKiB())), 20);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
supervisor.start();
const stop = await supervisor.done;
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
rssMaxKiB = Math.max(rssMaxKiB, rssKiB());
const files = readdirSync(dir).filter((name) => name.startsWith(`${mode}.log`));
const bytes = files.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
for (const name of files) rmSync(join(dir, name), { force: true });
if (stop.lastRun?.outcome?.code !== 0) throw new Error(`the child did not exit 0: ${JSON.stringify(stop.lastRun)}`);
console.log(
  JSON.stringify({ mode, bytesWritten: mb * 1_000_000, bytesKept: bytes, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, rssStartKiB, rssMaxKiB, rssEndKiB: rssKiB(), files: files.length }),
);
