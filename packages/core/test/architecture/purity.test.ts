import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { impurities, moduleFacts, type Violation } from './import-graph.js';

// The functional core: every decision a policy makes, with the helpers it uses, reads no clock, timer, randomness
// or process state and imports no package (zod, node:*) and no option parser, at any depth. Only the public
// constructors (restartPolicy(), presets.pm2(), ...) parse options.
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const POLICY = join(SRC, 'policy');

const PRESETS = ['systemd', 'supervisord', 'pm2', 'forever', 'respawn', 'otp', 'kubernetes'];
const ENTRY_POINTS = [
  'policy/types.ts',
  'policy/outcomes.ts',
  'policy/describe.ts',
  'policy/classify-exit.ts',
  'policy/backoff.ts',
  'policy/restart-window.ts',
  'policy/spawn-errors.ts',
  'policy/explain-phrases.ts',
  'policy/simulate.ts',
  'policy/lint/warning.ts',
  'policy/lint/attach.ts',
  'policy/presets/define-preset.ts',
  'policy/restart/decide.ts',
  'policy/restart/explain.ts',
  'policy/restart/lint.ts',
  'policy/xdaemon/decide.ts',
  'policy/xdaemon/explain.ts',
  'policy/xdaemon/lint.ts',
  'policy/tree/decide.ts',
  'policy/tree/simulate.ts',
  ...PRESETS.flatMap((p) => [`policy/presets/${p}/decide.ts`, `policy/presets/${p}/explain.ts`]),
  ...PRESETS.filter((p) => p !== 'kubernetes').map((p) => `policy/presets/${p}/lint.ts`),
].map((p) => join(SRC, p));

// The Supervisor's sequencing: its transitions take time in their inputs and leave every effect to the shell. Only
// types may come from node:* (the spawn event's payload names the child's streams); nothing at run time.
const MACHINE = join(SRC, 'supervisor/machine.ts');

const readFile = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);
const show = (v: Violation, root: string) => `${v.chain.map((p) => relative(root, p)).join(' -> ')}: ${v.problem}`;

describe('the pure decision code', () => {
  it('imports no package, no node:* and no option parser, and reads no clock, timer, randomness or process, at any depth', () => {
    expect(impurities(ENTRY_POINTS, readFile).map((v) => show(v, SRC))).toEqual([]);
  });

  it('includes the Supervisor\'s state machine, which may name node\'s types but use nothing of node at run time', () => {
    const problems = impurities([MACHINE], readFile)
      .filter((v) => !v.problem.startsWith("imports types from 'node:"))
      .map((v) => show(v, SRC));
    expect(problems).toEqual([]);
  });

  // A new decide, explain or lint module must be listed above, so that the check cannot silently skip it.
  it('lists every decide, explain and lint module of a policy folder as an entry point', () => {
    const found = walk(POLICY).filter((f) => /\/policy\/.+\/(decide|explain|lint)\.ts$/.test(f));
    expect(found.filter((f) => !ENTRY_POINTS.includes(f)).map((f) => relative(SRC, f))).toEqual([]);
  });

  it('has its option parsers outside the pure graph: each constructor module does reach zod', () => {
    const constructors = ['policy/restart/index.ts', 'policy/xdaemon/index.ts', ...PRESETS.map((p) => `policy/presets/${p}/index.ts`)];
    for (const file of constructors) {
      const problems = impurities([join(SRC, file)], readFile).map((v) => v.problem);
      expect(problems, file).toContain("imports 'zod/mini'");
    }
  });
});

// The check itself, against a small module graph held in memory: it must catch what it claims to catch.
describe('impurities() on a fixture graph', () => {
  const ROOT = '/virtual/';
  const check = (files: Record<string, string>, entry = 'decide.ts') =>
    impurities([ROOT + entry], (path) => files[path.slice(ROOT.length)]).map((v) => show(v, ROOT));

  it('finds a clock read two imports deep, with the chain that reaches it', () => {
    const files = {
      'decide.ts': "import { helper } from './helper.js';\nexport const decide = () => helper();",
      'helper.ts': "import { now } from './clock.js';\nexport const helper = () => now() + 1;",
      'clock.ts': 'export const now = () => Date.now();',
    };
    expect(check(files)).toEqual(['decide.ts -> helper.ts -> clock.ts: line 1: references Date']);
  });

  it.each<[string, string, string]>([
    ['a package at depth 2', "import { z } from 'zod';\nexport const x = z;", "imports 'zod'"],
    ['node:* at depth 2', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", "imports 'node:fs'"],
    ['types from a package', "import type { ZodMiniType } from 'zod/mini';\nexport type X = ZodMiniType;", "imports types from 'zod/mini'"],
    ['require()', "export const fs = require('node:fs');", "imports 'node:fs'"],
    ['a dynamic import()', "export const load = () => import('node:os');", "imports 'node:os'"],
    ['a re-export', "export * from 'node:path';", "imports 'node:path'"],
    ['setTimeout', 'export const later = (f: () => void) => setTimeout(f, 1);', 'references setTimeout'],
    ['setInterval', 'export const tick = (f: () => void) => setInterval(f, 1);', 'references setInterval'],
    ['setImmediate', 'export const soon = (f: () => void) => setImmediate(f);', 'references setImmediate'],
    ['queueMicrotask', 'export const soon = (f: () => void) => queueMicrotask(f);', 'references queueMicrotask'],
    ['new Date', 'export const now = () => new Date();', 'references Date'],
    ['Math.random', 'export const roll = () => Math.random();', 'reads Math.random'],
    ["Math['random']", "export const roll = () => Math['random']();", 'reads Math.random'],
    ['performance.now', 'export const now = () => performance.now();', 'references performance'],
    ['process.env', 'export const home = () => process.env.HOME;', 'references process'],
    ['globalThis.setTimeout', 'export const later = (f: () => void) => globalThis.setTimeout(f, 1);', 'reads globalThis.setTimeout'],
    ['a shorthand { process }', 'export const p = () => ({ process });', 'references process'],
  ])('finds %s in an imported module', (_name, impure, problem) => {
    const files = { 'decide.ts': "export * from './helper.js';", 'helper.ts': "export { x } from './impure.js';", 'impure.ts': impure };
    expect(check(files).some((line) => line.startsWith('decide.ts -> helper.ts -> impure.ts: ') && line.endsWith(problem))).toBe(true);
  });

  it('follows a type-only import and requires the module it names to be pure too', () => {
    const files = {
      'decide.ts': "import type { Options } from './options.js';\nexport const decide = (o: Options) => o;",
      'options.ts': "import { z } from 'zod';\nexport type Options = { a: number };\nexport const parse = z;",
    };
    expect(check(files)).toEqual(["decide.ts -> options.ts: imports 'zod'"]);
  });

  it('reports an import it cannot resolve', () => {
    expect(check({ 'decide.ts': "import { x } from './missing.js';" })).toEqual(['decide.ts -> missing.ts: no such module']);
  });

  it('ignores comments, strings, property names and types that merely spell the forbidden names', () => {
    const source = [
      '// setTimeout(f, 1), Date.now(), Math.random(), process.exit()',
      "/* new Date() */ export const words = 'setTimeout Date.now() Math.random() performance.now() process.env';",
      'export const o = { process: 1, setTimeout: 2, performance: 3 };',
      'export const read = (x: { process: number; Date: number }) => x.process + x.Date;',
      'export interface Run { readonly setInterval: number; readonly at: Date }',
      'export const m = Math.max(1, 2);',
      'export const t = `queueMicrotask ${1}`;',
    ].join('\n');
    expect(check({ 'decide.ts': source })).toEqual([]);
  });

  it('visits a module once, however many paths lead to it', () => {
    const files = {
      'decide.ts': "import './a.js';\nimport './b.js';",
      'a.ts': "import './clock.js';",
      'b.ts': "import './clock.js';",
      'clock.ts': 'export const roll = () => Math.random();',
    };
    expect(check(files)).toEqual(['decide.ts -> a.ts -> clock.ts: line 1: reads Math.random']);
  });
});

describe('moduleFacts()', () => {
  it('tells type-only imports from value imports', () => {
    const facts = moduleFacts('x.ts', "import type { A } from './a.js';\nimport { type B } from './b.js';\nexport type { C } from './c.js';\ntype D = import('./d.js').D;");
    expect(facts.imports).toEqual([
      { specifier: './a.js', typeOnly: true },
      // `import { type B }` still loads ./b.js at run time under verbatimModuleSyntax.
      { specifier: './b.js', typeOnly: false },
      { specifier: './c.js', typeOnly: true },
      { specifier: './d.js', typeOnly: true },
    ]);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}
