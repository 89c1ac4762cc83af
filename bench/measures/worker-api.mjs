// The worker API when nothing supervises the process: import + notifyReady() + heartbeat() vs import alone, fresh
// node per sample, interleaved (the order rotates every sample); the calls are also timed in-process.
import { spawnSync } from 'node:child_process';
import { fmtDiff, fmtMs, progress, verdict } from '../lib/format.mjs';
import { NODE, timedNode } from '../lib/node.mjs';
import { distEsmUrl } from '../lib/paths.mjs';
import { median, summary } from '../lib/stats.mjs';
import { TARGET } from '../lib/targets.mjs';

export const name = 'worker-api';

export function measure(opt) {
  progress(`worker API unsupervised: ${opt.apiSamples} interleaved samples`);
  const imp = `import { notifyReady, heartbeat } from ${JSON.stringify(distEsmUrl)};`;
  // The same statements in both; only the calls differ. Timed in-process as well, each call on its own.
  const body = (ready, beat) =>
    `${imp} const t0 = performance.now(); const a = ${ready}; const t1 = performance.now(); const b = ${beat}; ` +
    'const t2 = performance.now(); process.stdout.write(JSON.stringify({ r: [a, b], us: (t2 - t0) * 1000, ' +
    'readyUs: (t1 - t0) * 1000, heartbeatUs: (t2 - t1) * 1000 }));';
  const variants = {
    importOnly: ['--input-type=module', '-e', body('false', 'false')],
    calls: ['--input-type=module', '-e', body('notifyReady()', 'heartbeat()')],
  };
  // Unsupervised for certain: no IPC channel, and no DAEMONKIT_SUPERVISED inherited from whatever runs the bench.
  const env = { ...process.env };
  delete env.DAEMONKIT_SUPERVISED;
  const names = Object.keys(variants);
  const samples = { importOnly: [], calls: [], callUs: [], readyUs: [], heartbeatUs: [], returned: [] };
  for (const n of names) spawnSync(NODE, variants[n], { stdio: 'ignore', env });
  for (let i = 0; i < opt.apiSamples; i++) {
    for (let k = 0; k < names.length; k++) {
      const n = names[(i + k) % names.length];
      const { r, ms } = timedNode(variants[n], { stdio: ['ignore', 'pipe', 'pipe'], env }, `worker API sample ${n}`);
      samples[n].push(ms);
      if (n === 'calls') {
        const out = JSON.parse(String(r.stdout));
        samples.callUs.push(out.us);
        samples.readyUs.push(out.readyUs);
        samples.heartbeatUs.push(out.heartbeatUs);
        samples.returned.push(out.r);
      }
    }
  }
  const paired = samples.calls.map((ms, i) => ms - samples.importOnly[i]);
  const diff = median(samples.calls) - median(samples.importOnly);
  // Noise band: twice the standard error of the median paired difference (1.4826 MAD / sqrt(n)), at least 1 ms.
  const mad = median(paired.map((d) => Math.abs(d - median(paired))));
  const band = Math.max(TARGET.apiNoiseMinMs, (2 * 1.4826 * mad) / Math.sqrt(paired.length));
  return {
    samples,
    medians: { importOnly: median(samples.importOnly), calls: median(samples.calls) },
    diff,
    paired: median(paired),
    band,
    callUs: summary(samples.callUs),
    readyUs: median(samples.readyUs),
    heartbeatUs: median(samples.heartbeatUs),
    anyTalked: samples.returned.some((r) => r.some(Boolean)),
  };
}

export function rows(api, { opt }) {
  return [
    {
      metric: `Worker API unsupervised: notifyReady()+heartbeat(), wall (median of ${opt.apiSamples})`,
      baseline: fmtMs(api.medians.importOnly, 1),
      subject: fmtMs(api.medians.calls, 1),
      delta: `${fmtDiff(api.diff, 2)} (paired ${fmtDiff(api.paired, 2)}); in-process ${api.readyUs.toFixed(0)} + ${api.heartbeatUs.toFixed(0)} us`,
      target: `within noise (<= +${api.band.toFixed(2)} ms)`,
      // One-sided: a negative difference is no cost.
      result: api.anyTalked ? 'PROBE?' : verdict(api.diff <= api.band),
    },
  ];
}

export const notes = () => [
  `Worker API: \`node --input-type=module -e\` importing notifyReady+heartbeat, with / without calling them, no channel; noise = max(${TARGET.apiNoiseMinMs} ms, 2 x 1.4826 MAD/sqrt n of paired diffs).`,
];

export const json = (api) => ({ workerApi: api });
