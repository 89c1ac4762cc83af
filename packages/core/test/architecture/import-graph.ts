// Reads TypeScript modules with the compiler's parser (no type checking, no regex): what a module imports and which
// ambient clocks, timers, randomness or process state it touches. Comments and strings are never code here.
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

export interface ImportRef {
  readonly specifier: string;
  /** `import type`, `export type ... from` and `import('x').T` in a type: erased at run time. */
  readonly typeOnly: boolean;
}

export interface ModuleFacts {
  readonly imports: readonly ImportRef[];
  /** "calls Date.now", "references setTimeout": one line per use, with its line number. */
  readonly impurities: readonly string[];
}

// Identifiers that must not be referenced at all (as values: a property or a key of that name is fine).
const FORBIDDEN_GLOBALS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'performance', 'process', 'Date']);
// Members of Math and globalThis that must not be read.
const FORBIDDEN_MEMBERS: Readonly<Record<string, ReadonlySet<string>>> = {
  Math: new Set(['random']),
  globalThis: FORBIDDEN_GLOBALS,
};

/** Parses one module's source. */
export function moduleFacts(fileName: string, source: string): ModuleFacts {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const imports: ImportRef[] = [];
  const impurities: string[] = [];
  const at = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      imports.push({ specifier: node.moduleSpecifier.text, typeOnly: node.importClause?.isTypeOnly === true });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      imports.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const ref = node.moduleReference.expression;
      if (ts.isStringLiteral(ref)) imports.push({ specifier: ref.text, typeOnly: node.isTypeOnly });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      imports.push({ specifier: node.argument.literal.text, typeOnly: true });
    } else if (ts.isCallExpression(node) && isModuleCall(node)) {
      const [arg] = node.arguments;
      imports.push({ specifier: arg && ts.isStringLiteralLike(arg) ? arg.text : '<computed>', typeOnly: false });
    }
    if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text) && isValueReference(node)) {
      impurities.push(`line ${at(node)}: references ${node.text}`);
    }
    const member = memberAccess(node);
    if (member && FORBIDDEN_MEMBERS[member.object]?.has(member.name)) {
      impurities.push(`line ${at(node)}: reads ${member.object}.${member.name}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { imports, impurities };
}

// import('x') and require('x').
function isModuleCall(node: ts.CallExpression): boolean {
  return node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require');
}

// `Math.random` or `Math['random']`, as { object, name }.
function memberAccess(node: ts.Node): { object: string; name: string } | undefined {
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
    return { object: node.expression.text, name: node.name.text };
  }
  if (ts.isElementAccessExpression(node) && ts.isIdentifier(node.expression) && ts.isStringLiteralLike(node.argumentExpression)) {
    return { object: node.expression.text, name: node.argumentExpression.text };
  }
  return undefined;
}

// An identifier that names the global, not a property, a key, a member or a type-level name of the same spelling.
function isValueReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) && (parent as { name?: ts.Node }).name === id) return false;
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isGetAccessor(parent) ||
      ts.isSetAccessor(parent) ||
      ts.isEnumMember(parent)) &&
    parent.name === id
  ) {
    return false;
  }
  // `{ process }` shorthand reads the global, so it counts; `import { process } from` and `export { x as process }` do
  // not name the global.
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent)) return false;
  // A type named `Date` in a type position (e.g. `x: Date`) is not a read of the clock.
  if (ts.isTypeReferenceNode(parent) || ts.isExpressionWithTypeArguments(parent)) return false;
  return true;
}

export interface Violation {
  /** Import chain from an entry point to the offending module, as paths. */
  readonly chain: readonly string[];
  readonly problem: string;
}

/** Reads a module's source, or undefined when there is no such file. */
export type ReadSource = (path: string) => string | undefined;

/**
 * Follows every import (type-only ones included: they must point at pure modules too) from `entries`, at any depth.
 * Relative `.js` specifiers resolve to the `.ts` file beside them. A bare specifier (a package, `node:*`) is a
 * violation, as is any use of a clock, a timer, randomness or `process` in a module reached.
 */
export function impurities(entries: readonly string[], read: ReadSource): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const queue: { path: string; chain: readonly string[] }[] = entries.map((path) => ({ path, chain: [path] }));
  for (let item = queue.shift(); item; item = queue.shift()) {
    const { path, chain } = item;
    if (seen.has(path)) continue;
    seen.add(path);
    const source = read(path);
    if (source === undefined) {
      violations.push({ chain, problem: 'no such module' });
      continue;
    }
    const facts = moduleFacts(path, source);
    for (const problem of facts.impurities) violations.push({ chain, problem });
    for (const { specifier, typeOnly } of facts.imports) {
      if (!isRelative(specifier)) {
        violations.push({ chain, problem: `imports ${typeOnly ? 'types from ' : ''}'${specifier}'` });
        continue;
      }
      const target = resolveSpecifier(path, specifier);
      queue.push({ path: target, chain: [...chain, target] });
    }
  }
  return violations;
}

export const isRelative = (specifier: string): boolean => specifier.startsWith('./') || specifier.startsWith('../');

/** `./backoff.js` imported by `/a/policy/x.ts` is `/a/policy/backoff.ts`. */
export function resolveSpecifier(from: string, specifier: string): string {
  return resolve(dirname(from), specifier).replace(/\.js$/, '.ts');
}
