// Writes schema/daemonkit.config.schema.json from the config's zod schema: `pnpm --filter daemonkit schema`.
// test/config/schema-file.test.ts fails when the committed file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/config/schema.js';

const file = new URL('../schema/daemonkit.config.schema.json', import.meta.url);
writeFileSync(file, configJsonSchema());
console.log(`wrote ${file.pathname}`);
