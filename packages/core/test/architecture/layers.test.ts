import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isRelative, moduleFacts, resolveSpecifier } from './import-graph.js';

// Layers point one way. A row reads: modules under the folder on the left import nothing (types included) from the
// folders on the right. Add a layer with one line.
// From the top: daemon -> control -> tree -> supervisor -> process, logs -> policy. logs/ (rotation, reopen, tails) sits
// beside process/: neither imports the other. options/ is the option-parsing toolkit that constructors use; worker/ is
// the worker's side of the IPC protocol, which supervisor/ reads.
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  policy: ['supervisor', 'process', 'daemon', 'worker', 'tree', 'control'],
  options: ['supervisor', 'process', 'daemon', 'worker', 'tree', 'control'],
  process: ['supervisor', 'daemon', 'worker', 'options', 'tree', 'logs', 'control'],
  logs: ['supervisor', 'daemon', 'worker', 'options', 'tree', 'process', 'control'],
  worker: ['supervisor', 'process', 'daemon', 'options', 'policy', 'tree', 'control'],
  supervisor: ['daemon', 'tree', 'control'],
  tree: ['daemon', 'control'],
  control: ['daemon'],
};

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** The top-level folder of `src/` a module is in ('' for a file directly in src/). */
const layerOf = (path: string): string => {
  const parts = relative(SRC, path).split(sep);
  return parts.length > 1 ? (parts[0] ?? '') : '';
};

/** Every import between folders of src/ whose target folder the table forbids, as "from -> to". */
function layerViolations(files: readonly string[], read: (path: string) => string, table: typeof FORBIDDEN): string[] {
  return files.flatMap((file) => {
    const forbidden = table[layerOf(file)] ?? [];
    return moduleFacts(file, read(file))
      .imports.filter((i) => isRelative(i.specifier))
      .map((i) => resolveSpecifier(file, i.specifier))
      .filter((target) => forbidden.includes(layerOf(target)))
      .map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`);
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('layers of packages/core/src', () => {
  it.each(Object.entries(FORBIDDEN))('%s/ imports nothing from %j', (layer) => {
    const files = walk(join(SRC, layer));
    expect(files.length).toBeGreaterThan(0);
    expect(layerViolations(files, (f) => readFileSync(f, 'utf8'), FORBIDDEN)).toEqual([]);
  });

  it('catches a forbidden import, a type-only one included, and lets the allowed ones through', () => {
    const sources: Record<string, string> = {
      [join(SRC, 'policy/x.ts')]: "import type { Clock } from '../supervisor/seams.js';\nimport { a } from './y.js';\nimport { b } from '../options/z.js';",
      [join(SRC, 'policy/deep/y.ts')]: "export { spawn } from '../../process/node-spawner.js';",
      [join(SRC, 'supervisor/s.ts')]: "import { p } from '../policy/types.js';",
    };
    expect(layerViolations(Object.keys(sources), (f) => sources[f] ?? '', FORBIDDEN)).toEqual([
      'policy/x.ts -> supervisor/seams.ts',
      'policy/deep/y.ts -> process/node-spawner.ts',
    ]);
  });
});
