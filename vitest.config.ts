import { defineConfig } from 'vitest/config';

export default defineConfig({
  ssr: {
    resolve: {
      // Run the core from source (see TOOLCHAIN.md: not `development`, which forked workers pass to children).
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
