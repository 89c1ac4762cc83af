import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The built package is one file: zod/mini, eventemitter3 and signal-exit are bundled (tree-shaken), so importing
// daemonkit or parsing options loads nothing from node_modules, and never the whole of zod (~100 ms, ~11 MiB).
const probe = (format: 'esm' | 'cjs', body: string) => {
  const script =
    format === 'esm'
      ? `import { createRequire } from 'node:module';
         const core = await import('@daemonkit/core');
         ${body}
         const loaded = Object.keys(createRequire(import.meta.url).cache);
         console.log(JSON.stringify(loaded.filter((p) => p.includes('node_modules'))));`
      : `const core = require('@daemonkit/core');
         ${body}
         const loaded = Object.keys(require.cache);
         console.log(JSON.stringify(loaded.filter((p) => p.includes('node_modules'))));`;
  const args = format === 'esm' ? ['--input-type=module', '-e', script] : ['-e', script];
  return JSON.parse(
    execFileSync(process.execPath, args, { cwd: new URL('..', import.meta.url), encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }),
  ) as string[];
};

describe('the built package', () => {
  for (const format of ['esm', 'cjs'] as const) {
    it(`loads nothing from node_modules when imported (${format})`, () => {
      expect(probe(format, '')).toEqual([]);
    });

    it(`parses options with its bundled zod/mini, still loading nothing from node_modules (${format})`, () => {
      const result = probe(format, `core.restartPolicy({ maxRestarts: 3 }); new core.Supervisor({ command: 'x' });
        try { core.restartPolicy({ maxRestarts: -1 }); } catch (e) { if (!/maxRestarts/.test(e.message)) throw e; }`);
      expect(result).toEqual([]);
    });
  }
});
