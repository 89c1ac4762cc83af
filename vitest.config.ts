import { defineConfig } from 'vitest/config';

export default defineConfig({
  ssr: {
    resolve: {
      // Run the core from source through a custom condition. Not `development`: vitest's forked workers carry
      // `--conditions development` in process.execArgv, and a child spawned with them would load .ts files.
      conditions: ['@daemonkit/source', 'module', 'node', 'development|production'],
    },
  },
  test: {
    pool: 'forks',
    reporters: ['default', './test/setup/summary-line-reporter.ts'],
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['./test/setup/fail-on-warnings.ts', './test/setup/track-processes.ts'],
    globalSetup: ['./test/setup/global-leak-check.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
