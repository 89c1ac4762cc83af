// A full garbage collection before each memory sample. `pnpm soak` runs plain `node bench/soak/run.mjs`, without
// --expose-gc, so the flag is turned on at run time (V8 installs `gc` in contexts created after that) and the
// function is taken from a fresh vm context. With `node --expose-gc` the global one is used.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function obtainGc() {
  if (typeof globalThis.gc === 'function') return { gc: globalThis.gc, how: 'global.gc (node --expose-gc)' };
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  if (typeof gc !== 'function') throw new Error('soak: could not obtain gc() (v8.setFlagsFromString + vm)');
  return { gc, how: "gc() via v8.setFlagsFromString('--expose-gc') + vm.runInNewContext (node was not started with --expose-gc)" };
}
