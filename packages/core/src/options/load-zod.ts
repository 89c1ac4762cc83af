import { createRequire } from 'node:module';

// zod costs about 100 ms and 11 MiB to load; it is required only when options are actually parsed, so that
// importing daemonkit, and the restart path, never pay for it.
type Zod = typeof import('zod');

let zod: Zod | undefined;

export function loadZod(): Zod {
  zod ??= createRequire(import.meta.url)('zod') as Zod;
  return zod;
}
