import { custom, optional, strictObject } from 'zod/mini';

// zod/mini, bundled into daemonkit's build and imported by name so that it tree-shakes to the pieces used here
// (strict objects, optional fields, custom checks): a few KiB, where loading the whole of zod costs about 100 ms
// and 11 MiB in every process that parses options: the launcher, the guard and each worker.
const pieces = { custom, optional, strictObject };

export type Zod = typeof pieces;

export function zod(): Zod {
  return pieces;
}
