// The `daemonkit` CLI against bare `node -e 0` and against pm2's CLI, fresh processes interleaved (the order rotates
// every sample) so that all share the noise:
// - `daemonkit --version` (node running the committed bin, which loads the build); `daemonkit explain`, which loads the
//   core, for information. Issue 12's target: --version <= 1.5x node -e 0.
// - `daemonkit status <guard>` for a guard of 5 apps (target <= 2x), beside `pm2 jlist` with 5 apps.
// - `daemonkit start <name> -- node sleep.js` back at the shell (target <= 2.5x), beside `pm2 start sleep.js` (pm2's
//   daemon already up, as a user's is); each started app is stopped (untimed) before the next sample.
// pm2 is installed by this bench into a scratch folder (`npm install pm2@latest`); when that fails, its rows say so
// and are skipped. pm2 runs with a private PM2_HOME and is `pm2 kill`ed at the end; every guard is stopped.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmtMs, fmtX, progress, verdict } from '../lib/format.mjs';
import { NODE, timedNode } from '../lib/node.mjs';
import { rootDir } from '../lib/paths.mjs';
import { median } from '../lib/stats.mjs';
import { TARGET } from '../lib/targets.mjs';
import { freshDir, track, untrack } from '../lib/tracking.mjs';

export const name = 'cli';

const BIN = join(rootDir, 'packages', 'cli', 'bin', 'daemonkit.js');
const APPS = 5;

/** pm2's bin in a scratch folder, installed now; or the reason it could not be. */
function installPm2() {
  const dir = freshDir('pm2');
  progress('cli: npm install pm2@latest into a scratch folder');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', dir, 'pm2@latest'], { encoding: 'utf8', timeout: 300_000 });
  const bin = join(dir, 'node_modules', 'pm2', 'bin', 'pm2');
  if (r.status !== 0 || !existsSync(bin)) return { error: `npm install pm2@latest failed: ${(r.stderr || String(r.error)).trim().split('\n').pop()}` };
  const version = JSON.parse(spawnSync(NODE, ['-p', `JSON.stringify(require(${JSON.stringify(join(dir, 'node_modules', 'pm2', 'package.json'))}).version)`], { encoding: 'utf8' }).stdout);
  return { bin, version };
}

export async function measure(opt) {
  if (!existsSync(join(rootDir, 'packages', 'cli', 'dist', 'main.js'))) throw new Error('bench: packages/cli/dist is missing; run `pnpm build`');
  const scratch = freshDir('cli');
  const sleeper = join(scratch, 'sleep.js');
  writeFileSync(sleeper, 'setInterval(() => {}, 1 << 30);\n');
  const home = freshDir('cli-home');
  const dkEnv = { ...process.env, DAEMONKIT_HOME: home, NO_COLOR: '1' };
  const dk = (args, what = `daemonkit ${args.join(' ')}`) => timedNode([BIN, ...args], { env: dkEnv, cwd: scratch, encoding: 'utf8' }, what);
  const guards = new Map(); // name -> pid
  const started = (name, r) => {
    const pid = Number(/guard pid (\d+)/.exec(r.stdout)?.[1]);
    track(pid);
    guards.set(name, pid);
  };
  const stopGuard = (name) => {
    dk(['stop', name]);
    untrack(guards.get(name));
    guards.delete(name);
  };

  const pm2 = installPm2();
  const pm2Env = { ...process.env, PM2_HOME: freshDir('pm2-home') };
  const pm2Run = (args) => timedNode([pm2.bin, ...args], { env: pm2Env, cwd: scratch, encoding: 'utf8' }, `pm2 ${args.join(' ')}`);
  if (pm2.error) progress(`cli: ${pm2.error}; pm2's rows are skipped`);

  try {
    // A guard of 5 apps for `status`, and pm2 with 5 apps for `jlist` (which also starts pm2's daemon, untimed).
    writeFileSync(
      join(scratch, 'daemonkit.config.json'),
      JSON.stringify({ name: 'five', apps: Object.fromEntries(Array.from({ length: APPS }, (_, i) => [`a${i}`, { command: NODE, args: [sleeper] }])) }),
    );
    started('five', dk(['start']));
    if (!pm2.error) for (let i = 0; i < APPS; i++) pm2Run(['start', sleeper, '--name', `a${i}`]);

    // Quick commands, interleaved.
    const quick = {
      bare: () => timedNode(['-e', '0'], { stdio: 'ignore' }, 'node -e 0'),
      version: () => dk(['--version']),
      explain: () => dk(['explain']),
      status: () => dk(['status', 'five']),
      ...(pm2.error ? {} : { pm2jlist: () => pm2Run(['jlist']) }),
    };
    const n = opt.importSamples * 2;
    const names = Object.keys(quick);
    progress(`cli: ${n} interleaved samples of ${names.join(', ')}`);
    const samples = Object.fromEntries(names.map((k) => [k, []]));
    for (const k of names) quick[k]();
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < names.length; j++) {
        const k = names[(i + j) % names.length];
        samples[k].push(quick[k]().ms);
      }
    }

    // start back at the shell: each sample starts a fresh one and stops it (untimed) before the next.
    const startN = opt.importSamples;
    const startNames = ['bare2', 'start', ...(pm2.error ? [] : ['pm2start'])];
    progress(`cli: ${startN} interleaved samples of ${startNames.join(', ')}`);
    for (const k of startNames) samples[k] = [];
    for (let i = 0; i < startN; i++) {
      for (let j = 0; j < startNames.length; j++) {
        const k = startNames[(i + j) % startNames.length];
        if (k === 'bare2') samples[k].push(quick.bare().ms);
        else if (k === 'start') {
          const r = dk(['start', `s${i}`, '--', NODE, sleeper]);
          started(`s${i}`, r);
          samples[k].push(r.ms);
          stopGuard(`s${i}`);
        } else {
          samples[k].push(pm2Run(['start', sleeper, '--name', `s${i}`]).ms);
          pm2Run(['delete', `s${i}`]);
        }
      }
    }

    const medians = Object.fromEntries(Object.keys(samples).map((k) => [k, median(samples[k])]));
    const paired = (k, base = 'bare') => median(samples[k].map((ms, i) => ms / samples[base][i]));
    const ratio = (k, base = 'bare') => medians[k] / medians[base];
    return {
      samples,
      medians,
      pm2: pm2.error ? { error: pm2.error } : { version: pm2.version },
      ratios: {
        version: ratio('version'),
        explain: ratio('explain'),
        status: ratio('status'),
        start: ratio('start', 'bare2'),
        ...(pm2.error ? {} : { pm2jlist: ratio('pm2jlist'), pm2start: ratio('pm2start', 'bare2') }),
      },
      paired: {
        version: paired('version'),
        explain: paired('explain'),
        status: paired('status'),
        start: paired('start', 'bare2'),
        ...(pm2.error ? {} : { pm2jlist: paired('pm2jlist'), pm2start: paired('pm2start', 'bare2') }),
      },
    };
  } finally {
    for (const name of [...guards.keys()]) {
      try {
        stopGuard(name);
      } catch (error) {
        progress(`cli: could not stop guard ${name}: ${error.message}`);
      }
    }
    if (!pm2.error) spawnSync(NODE, [pm2.bin, 'kill'], { env: pm2Env, stdio: 'ignore', timeout: 60_000 });
  }
}

export function rows(cli) {
  const row = (metric, base, k, target, pass) => ({
    metric,
    baseline: fmtMs(cli.medians[base], 1),
    subject: fmtMs(cli.medians[k], 1),
    delta: `${fmtX(cli.ratios[k])} (paired ${fmtX(cli.paired[k])})`,
    target: target === undefined ? 'info' : `<= ${target}x node -e 0`,
    result: target === undefined ? 'INFO' : verdict(pass),
  });
  const pm2 = cli.pm2.error
    ? [{ metric: '  pm2 (skipped)', baseline: '-', subject: '-', delta: cli.pm2.error.slice(0, 80), target: 'info', result: 'SKIP' }]
    : [
        row(`  pm2 ${cli.pm2.version} jlist (5 apps), wall`, 'bare', 'pm2jlist'),
        { ...row(`  pm2 ${cli.pm2.version} start, back at the shell`, 'bare2', 'pm2start'), delta: `${fmtX(cli.ratios.pm2start)} (paired ${fmtX(cli.paired.pm2start)})` },
        {
          metric: '  daemonkit / pm2 (status / jlist; start / start)',
          baseline: '-',
          subject: '-',
          delta: `${fmtX(cli.medians.status / cli.medians.pm2jlist)}; ${fmtX(cli.medians.start / cli.medians.pm2start)}`,
          target: 'info',
          result: 'INFO',
        },
      ];
  return [
    row(`daemonkit --version, wall (median of ${cli.samples.bare.length})`, 'bare', 'version', TARGET.cliVersionRatio, cli.ratios.version <= TARGET.cliVersionRatio),
    row('  daemonkit explain (loads the core), wall', 'bare', 'explain'),
    row(`daemonkit status (a guard of ${APPS} apps), wall`, 'bare', 'status', TARGET.cliStatusRatio, cli.ratios.status <= TARGET.cliStatusRatio),
    row(`daemonkit start back at the shell (median of ${cli.samples.start.length})`, 'bare2', 'start', TARGET.cliStartRatio, cli.ratios.start <= TARGET.cliStartRatio),
    ...pm2,
  ];
}

export const notes = () => [
  'CLI: `node packages/cli/bin/daemonkit.js ...` (the committed bin shim loading dist/) vs bare `node -e 0`, fresh processes',
  '  interleaved; ratio of the medians (paired: median of per-sample ratios). `explain` imports @daemonkit/core, for information.',
  `  status: \`daemonkit status five\`, a guard of ${APPS} idle apps; start: \`daemonkit start sN -- node sleep.js\` until it is back at the`,
  '  shell (guard launched, child spawned), stopped untimed after each sample. pm2 (npm install pm2@latest, private PM2_HOME, its',
  `  daemon already up): \`pm2 jlist\` with ${APPS} apps, \`pm2 start sleep.js\` (then \`pm2 delete\`, untimed); \`pm2 kill\` at the end.`,
];

export const json = (cli) => ({ cli: { medians: cli.medians, ratios: cli.ratios, paired: cli.paired, pm2: cli.pm2, samples: cli.samples } });
