// Which packages does loading @daemonkit/core load from node_modules (none: its dependencies are bundled), and is
// zod ever loaded whole? Run in a fresh process:
//
//   node bench/zod-probe.mjs esm|cjs <dist path> <log file>
//
// Three independent detectors, any one of which counts as "loaded":
//  1. require.cache (shared by every require()): CJS loads;
//  2. an ESM resolve hook registered with module.register() that logs every resolved URL: ESM imports;
//  3. globalThis.__zod_globalRegistry, which zod 4 core sets when it is evaluated, whatever the module system.
// Checked after the import and again after xdaemonPolicy() parsed its options (with the bundled zod/mini).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const [kind, distPath, logFile] = process.argv.slice(2);
register('./zod-probe-hooks.mjs', import.meta.url, { data: { logFile } });
const require = createRequire(import.meta.url);

const isZod = (p) => /[\\/]node_modules[\\/]zod[\\/]/.test(p);

function packagesIn(paths) {
  const names = new Set();
  for (const p of paths) {
    const m = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](?!.*node_modules)/.exec(p);
    if (m) names.add(m[1].replace(/\\/g, '/'));
  }
  return [...names].sort();
}

function inspect() {
  const cjs = Object.keys(require.cache);
  const esm = (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '')
    .split('\n')
    .filter((u) => u.startsWith('file:'))
    .map((u) => decodeURIComponent(new URL(u).pathname));
  const registryGlobal = '__zod_globalRegistry' in globalThis;
  const cjsZod = cjs.filter(isZod).length;
  const esmZod = esm.filter(isZod).length;
  return {
    zodLoaded: cjsZod > 0 || esmZod > 0 || registryGlobal,
    cjsZodFiles: cjsZod,
    esmZodFiles: esmZod,
    registryGlobal,
    packages: packagesIn([...cjs, ...esm]),
  };
}

const mod = kind === 'cjs' ? require(distPath) : await import(pathToFileURL(distPath).href);
const afterImport = inspect();
mod.xdaemonPolicy({ maxCount: 1 });
const afterOptionParsing = inspect();
process.stdout.write(`${JSON.stringify({ kind, afterImport, afterOptionParsing })}\n`);
