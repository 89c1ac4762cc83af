#!/usr/bin/env node
// The `daemonkit` bin: loads the build. Committed as is so that the bin works right after install; when the build
// is missing (a fresh clone before `pnpm build`) it says how to make it.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('daemonkit: the CLI is not built; run `npx -y pnpm@12.4.2 build` in the daemonkit repository\n');
  process.exit(1);
}
await import(main.href);
