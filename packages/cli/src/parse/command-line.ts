import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { didYouMean } from './suggest.js';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
}

export interface ParsedCommandLine {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  /** Positionals before `--`. */
  readonly positionals: readonly string[];
  /** Everything after the first `--`, untouched (the supervised command and its own flags). */
  readonly rest: readonly string[];
}

/**
 * node's util.parseArgs (no dependency, nothing to load) with what it lacks: an unknown flag names the nearest known
 * one, a string flag without its value says so, and `--no-<flag>` sets a boolean-valued string flag (`negatable`)
 * to `false`. Everything after `--` is left as is.
 */
export function parseCommandLine(
  argv: readonly string[],
  flags: Readonly<Record<string, FlagSpec>>,
  negatable: readonly string[] = [],
): ParsedCommandLine {
  const cut = argv.indexOf('--');
  const own = (cut === -1 ? argv : argv.slice(0, cut)).map((a) =>
    a.startsWith('--no-') && negatable.includes(a.slice(5)) ? `--${a.slice(5)}=false` : a,
  );
  const rest = cut === -1 ? [] : argv.slice(cut + 1);
  const { tokens } = parseArgs({ args: own, options: flags, strict: false, allowPositionals: true, tokens: true });
  const known = Object.keys(flags).map((f) => `--${f}`);
  const values: Record<string, string | boolean | string[] | undefined> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const spec = flags[token.name];
    if (!spec) {
      throw new UsageError(`unknown flag ${token.rawName}${didYouMean(`--${token.name}`, known)}`);
    }
    if (spec.type === 'string') {
      if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value`);
      if (spec.multiple) values[token.name] = [...((values[token.name] as string[] | undefined) ?? []), token.value];
      else values[token.name] = token.value;
    } else {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      values[token.name] = true;
    }
  }
  return { values, positionals, rest };
}
