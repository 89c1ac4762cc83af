import { defineConfig } from 'tsup';

// ESM with code splitting: main.js answers --version alone, and each command is its own chunk, so that `run` loads
// the core and `start` loads zod only when they run. picocolors and zod are bundled (one file each to load, no
// CommonJS loader); the core stays an import of the published @daemonkit/core.
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  noExternal: ['picocolors', 'zod'],
  external: ['@daemonkit/core'],
  clean: true,
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  splitting: true,
});
