import { defineConfig } from 'tsup';

// Bundled, so that importing daemonkit loads one file: eventemitter3 from node_modules goes through the CommonJS
// loader (~10 ms of import time), and zod/mini tree-shakes to a few KiB where zod whole costs ~100 ms and 11 MiB.
// eventemitter3 stays a dependency for its types, which the .d.ts references (Supervisor extends its EventEmitter).
const bundled = ['eventemitter3', 'signal-exit', 'zod'];

export default defineConfig({
  // guard-main is the entry of startDaemon()'s guard process, spawned by path, never imported.
  entry: { index: 'src/index.ts', 'guard-main': 'src/daemon/guard-main.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  noExternal: bundled,
  clean: true,
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  splitting: false,
  // import.meta.url in the CommonJS build (startDaemon() finds guard-main.js beside itself).
  shims: true,
});
