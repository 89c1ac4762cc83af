// The `daemonkit` CLI's start-up: `daemonkit --version` (node running the committed bin, which loads the build)
// against bare `node -e 0`, fresh processes interleaved (the order rotates every sample) so both share the noise.
// Also `daemonkit explain`, which loads the core, for information. Issue 12's target: --version <= 1.5x node -e 0.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fmtMs, fmtX, progress, verdict } from '../lib/format.mjs';
import { NODE, timedNode } from '../lib/node.mjs';
import { rootDir } from '../lib/paths.mjs';
import { median } from '../lib/stats.mjs';
import { TARGET } from '../lib/targets.mjs';

export const name = 'cli';

const BIN = join(rootDir, 'packages', 'cli', 'bin', 'daemonkit.js');

export function measure(opt) {
  if (!existsSync(join(rootDir, 'packages', 'cli', 'dist', 'main.js'))) throw new Error('bench: packages/cli/dist is missing; run `pnpm build`');
  const variants = {
    bare: ['-e', '0'],
    version: [BIN, '--version'],
    explain: [BIN, 'explain'],
  };
  const names = Object.keys(variants);
  const n = opt.importSamples * 2;
  progress(`cli: ${n} interleaved samples of ${names.join(', ')}`);
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  for (const k of names) spawnSync(NODE, variants[k], { stdio: 'ignore' });
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < names.length; j++) {
      const k = names[(i + j) % names.length];
      samples[k].push(timedNode(variants[k], { stdio: ['ignore', 'ignore', 'pipe'], cwd: rootDir }, `cli sample ${k}`).ms);
    }
  }
  const medians = Object.fromEntries(names.map((k) => [k, median(samples[k])]));
  const paired = (k) => median(samples[k].map((ms, i) => ms / samples.bare[i]));
  return { samples, medians, ratios: { version: medians.version / medians.bare, explain: medians.explain / medians.bare }, paired: { version: paired('version'), explain: paired('explain') } };
}

export function rows(cli) {
  return [
    {
      metric: `daemonkit --version, wall (median of ${cli.samples.bare.length})`,
      baseline: fmtMs(cli.medians.bare, 1),
      subject: fmtMs(cli.medians.version, 1),
      delta: `${fmtX(cli.ratios.version)} (paired ${fmtX(cli.paired.version)})`,
      target: `<= ${TARGET.cliVersionRatio}x node -e 0`,
      result: verdict(cli.ratios.version <= TARGET.cliVersionRatio),
    },
    {
      metric: '  daemonkit explain (loads the core), wall',
      baseline: fmtMs(cli.medians.bare, 1),
      subject: fmtMs(cli.medians.explain, 1),
      delta: `${fmtX(cli.ratios.explain)} (paired ${fmtX(cli.paired.explain)})`,
      target: 'info',
      result: 'INFO',
    },
  ];
}

export const notes = () => [
  'CLI: `node packages/cli/bin/daemonkit.js --version` (the committed bin shim loading dist/main.js) vs bare `node -e 0`, fresh processes',
  '  interleaved; ratio of the medians (paired: median of per-sample ratios). `explain` imports @daemonkit/core, for information.',
];

export const json = (cli) => ({ cli: { medians: cli.medians, ratios: cli.ratios, samples: cli.samples } });
