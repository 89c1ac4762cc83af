// Import cost: wall time of fresh node processes, interleaved (the order rotates every sample). Two baselines: bare
// `node -e 0`, and the same ESM entry importing an empty .mjs file (what any ESM import costs before daemonkit's).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmtDiff, fmtMs, progress } from '../lib/format.mjs';
import { NODE, timedNode } from '../lib/node.mjs';
import { distCjs, distEsmUrl } from '../lib/paths.mjs';
import { median, summary } from '../lib/stats.mjs';
import { TARGET } from '../lib/targets.mjs';
import { freshDir } from '../lib/tracking.mjs';

export const name = 'import';

export function measure(opt) {
  const emptyMjs = join(freshDir('import'), 'empty.mjs');
  writeFileSync(emptyMjs, '');
  const variants = {
    bare: ['-e', '0'],
    esm: ['--input-type=module', '-e', `import ${JSON.stringify(distEsmUrl)};`],
    cjs: ['-e', `require(${JSON.stringify(distCjs)});`],
    // What an ESM entry costs before any package: separates the loader's own start-up from daemonkit's.
    esmLoaderOnly: ['--input-type=module', '-e', '0'],
    // The ESM command with an empty module in place of the dist: the paired baseline of the second import target.
    emptyMjs: ['--input-type=module', '-e', `import ${JSON.stringify(pathToFileURL(emptyMjs).href)};`],
  };
  const names = Object.keys(variants);
  progress(`import cost: ${opt.importSamples} interleaved samples of ${names.length} variants`);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  // One unmeasured pass to warm the file cache.
  for (const n of names) spawnSync(NODE, variants[n], { stdio: 'ignore' });
  for (let i = 0; i < opt.importSamples; i++) {
    for (let k = 0; k < names.length; k++) {
      const n = names[(i + k) % names.length];
      samples[n].push(timedNode(variants[n], { stdio: ['ignore', 'ignore', 'pipe'] }, `import sample ${n}`).ms);
    }
  }
  const paired = (n, base = 'bare') => median(samples[n].map((ms, i) => ms - samples[base][i]));
  return {
    samples,
    medians: Object.fromEntries(names.map((n) => [n, median(samples[n])])),
    pairedDiffs: Object.fromEntries(names.filter((n) => n !== 'bare').map((n) => [n, paired(n)])),
    pairedOverEmptyMjs: paired('esm', 'emptyMjs'),
    bareSpread: summary(samples.bare),
  };
}

/** The ESM import's difference over bare `node -e 0` (median minus median), also quoted by the daemon rows. */
export const esmOverBare = (imp) => imp.medians.esm - imp.medians.bare;

export function rows(imp, { opt }) {
  const overBare = esmOverBare(imp);
  const overEmpty = imp.medians.esm - imp.medians.emptyMjs;
  // The target is met when either figure is within its bound; each row names the other when only that one holds.
  const okBare = overBare <= TARGET.importOverBareMs;
  const okEmpty = overEmpty <= TARGET.importOverEmptyMjsMs;
  const either = (own, other, otherRow) => (own ? 'PASS' : other ? `PASS (${otherRow})` : 'MISS');
  return [
    {
      metric: `Import ESM dist, wall (median of ${opt.importSamples})`,
      baseline: fmtMs(imp.medians.bare, 1),
      subject: fmtMs(imp.medians.esm, 1),
      delta: `${fmtDiff(overBare, 1)} (paired ${fmtDiff(imp.pairedDiffs.esm, 1)})`,
      target: `<= +${TARGET.importOverBareMs} ms, or next row`,
      result: either(okBare, okEmpty, 'next row'),
    },
    {
      metric: '  same, over importing an empty .mjs (paired baseline)',
      baseline: fmtMs(imp.medians.emptyMjs, 1),
      subject: fmtMs(imp.medians.esm, 1),
      delta: `${fmtDiff(overEmpty, 1)} (paired ${fmtDiff(imp.pairedOverEmptyMjs, 1)})`,
      target: `<= +${TARGET.importOverEmptyMjsMs} ms, or row above`,
      result: either(okEmpty, okBare, 'row above'),
    },
    {
      metric: `  of which ESM loader start-up (empty ESM eval)`,
      baseline: fmtMs(imp.medians.bare, 1),
      subject: fmtMs(imp.medians.esmLoaderOnly, 1),
      delta: `${fmtDiff(imp.medians.esmLoaderOnly - imp.medians.bare, 1)} (paired ${fmtDiff(imp.pairedDiffs.esmLoaderOnly, 1)})`,
      target: 'info',
      result: 'INFO',
    },
    {
      metric: `Require CJS dist, wall (median of ${opt.importSamples})`,
      baseline: fmtMs(imp.medians.bare, 1),
      subject: fmtMs(imp.medians.cjs, 1),
      delta: `${fmtDiff(imp.medians.cjs - imp.medians.bare, 1)} (paired ${fmtDiff(imp.pairedDiffs.cjs, 1)})`,
      target: 'info',
      result: 'INFO',
    },
  ];
}

export const notes = () => [
  'Import: fresh `node` per sample, wall time seen by the parent; bare = `node -e 0`, ESM = `node --input-type=module -e "import <dist/index.js>"`,',
  '  empty .mjs = the same with an empty file in a temp dir in place of the dist; CJS = `node -e "require(<dist/index.cjs>)"`.',
  '  Target met when either the difference over bare or the one over the empty .mjs is within its bound.',
];

export const json = (imp) => ({ import: { medians: imp.medians, samples: imp.samples } });
