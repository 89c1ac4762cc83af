// Packages loaded from node_modules: zod/mini, eventemitter3 and signal-exit are bundled into the dist, so neither
// importing it nor parsing options may load any package from node_modules (zod whole costs ~100 ms and ~11 MiB), and
// zod's global registry is never created. Each module system is probed in a fresh process (bench/zod-probe.mjs).
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { progress, verdict } from '../lib/format.mjs';
import { runJsonWorker } from '../lib/node.mjs';
import { benchFile, distCjs, distEsm } from '../lib/paths.mjs';

export const name = 'packages';

export async function measure() {
  progress('zod probe');
  const out = {};
  for (const [kind, path] of [
    ['esm', distEsm],
    ['cjs', distCjs],
  ]) {
    const log = join(tmpdir(), `daemonkit-bench-resolve-${process.pid}-${kind}.log`);
    try {
      out[kind] = await runJsonWorker([benchFile('zod-probe.mjs'), kind, path, log]);
    } finally {
      rmSync(log, { force: true });
    }
  }
  return out;
}

export function rows(zod) {
  const packagesLoaded = (r) => r.packages.join(', ') || 'none';
  const bundleOk = ['esm', 'cjs'].every(
    (kind) =>
      zod[kind].afterImport.packages.length === 0 &&
      zod[kind].afterOptionParsing.packages.length === 0 &&
      !zod[kind].afterOptionParsing.zodLoaded,
  );
  const zodWord = (r) => (r.zodLoaded ? 'zod loaded' : 'no zod');
  return [
    {
      metric: 'Packages loaded from node_modules: import / after option parsing',
      baseline: '-',
      subject: `${packagesLoaded(zod.esm.afterImport)} / ${packagesLoaded(zod.esm.afterOptionParsing)} (ESM); ${packagesLoaded(zod.cjs.afterImport)} / ${packagesLoaded(zod.cjs.afterOptionParsing)} (CJS)`,
      delta: `${zodWord(zod.esm.afterOptionParsing)} / ${zodWord(zod.cjs.afterOptionParsing)} after parsing`,
      target: 'none',
      result: verdict(bundleOk),
    },
  ];
}

export const notes = () => [
  'Packages: require.cache + ESM resolve hook (+ globalThis.__zod_globalRegistry), checked after import, then again after',
  '  xdaemonPolicy() parsed its options with the bundled zod/mini.',
];

export const json = (zod) => ({ zod });
