// Starting node processes for the measurements: tracked async children, JSON-printing workers, timed sync runs.
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { rootDir } from './paths.mjs';
import { trackPid, untrackPid } from './tracking.mjs';

export const NODE = process.execPath;

/** Starts `node <args>`, tracked; resolves with its exit once it is reaped. */
export function startNode(args, { onLine } = {}) {
  const child = spawn(NODE, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: rootDir });
  trackPid(child.pid);
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    out += chunk;
    let nl;
    while (onLine && (nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      onLine(line);
    }
  });
  const exited = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      untrackPid(child.pid);
      resolve({ code, signal, out });
    });
  });
  return { child, exited };
}

/** Runs a worker that prints one JSON line and exits 0. */
export async function runJsonWorker(args) {
  const { exited } = startNode(args);
  const { code, signal, out } = await exited;
  if (code !== 0) throw new Error(`worker ${args.join(' ')} failed (code ${code}, signal ${signal})`);
  return JSON.parse(out.trim().split('\n').pop());
}

/**
 * spawnSync(node, args, options) timed from just before the call to just after it returns (the shell's view of a
 * fresh process: start-up, run, exit, reaped). Throws unless it exited 0. t0/t1 are performance.now() values.
 */
export function timedNode(args, options, what) {
  const t0 = performance.now();
  const r = spawnSync(NODE, args, { timeout: 60_000, ...options });
  const t1 = performance.now();
  if (r.status !== 0) throw new Error(`${what} failed: ${r.error ?? r.stderr}`);
  return { r, t0, t1, ms: t1 - t0 };
}
