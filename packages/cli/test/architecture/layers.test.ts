import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The CLI's rules: it reaches the core through its public entry only (`@daemonkit/core`), never its files; the
// parsing and rendering modules stay pure of the core and of zod so that they load at no cost; zod is for config only.
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? modules(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** The modules a file imports; `runtime` leaves out `import type` (erased from the build: it loads nothing). */
function importsOf(file: string, runtime = false): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*((?:import|export)\b[^'"]*?)from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .filter((m) => !(runtime && m[1] !== undefined && /^(import|export)\s+type\b/.test(m[1])))
    .map((m) => (m[2] ?? m[3])!);
}

// `runtime` rules look at imports that load something: a type-only import of the core's types is allowed there.
const RULES: ReadonlyArray<{ readonly where: RegExp; readonly mustNot: RegExp; readonly why: string; readonly runtime?: boolean }> = [
  { where: /.*/, mustNot: /^@daemonkit\/core\/|packages\/core|\.\.\/core\//, why: 'the core only through @daemonkit/core' },
  { where: /^(parse|output)\/|^(main|cli|errors|help|version)\.ts$/, mustNot: /^@daemonkit\/core$|^zod/, why: 'start-up path and pure helpers load neither the core nor zod', runtime: true },
  { where: /^(policy\/flags|commands\/init)\.ts$/, mustNot: /^@daemonkit\/core$|^zod|config\/(load|schema|resolve)/, why: 'pure', runtime: true },
  { where: /.*/, mustNot: /core-contract/, why: 'the core\'s types come from @daemonkit/core (no local copy of its contract)' },
];

describe('CLI layers', () => {
  const files = modules(SRC).map((f) => ({ file: f, rel: relative(SRC, f) }));

  it('finds the modules and their imports', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(importsOf(join(SRC, 'commands/run.ts'))).toContain('@daemonkit/core');
  });

  it.each(RULES)('$why', ({ where, mustNot, runtime }) => {
    const broken = files
      .filter(({ rel }) => where.test(rel))
      .flatMap(({ rel, file }) => importsOf(file, runtime).filter((i) => mustNot.test(i)).map((i) => `${rel} imports ${i}`));
    expect(broken).toEqual([]);
  });
});
