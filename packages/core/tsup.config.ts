import { defineConfig } from 'tsup';

// eventemitter3 and signal-exit are bundled: loading eventemitter3 from node_modules goes through the CommonJS
// loader (~10 ms of import time) and both are small. Their types are inlined into the .d.ts for the same reason.
const bundled = ['eventemitter3', 'signal-exit'];

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: { resolve: bundled },
  noExternal: bundled,
  clean: true,
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  shims: true,
  splitting: false,
});
