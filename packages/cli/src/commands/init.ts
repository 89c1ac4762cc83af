import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, EXIT_CODES, UsageError } from '../errors.js';
import { CONFIG_FILE } from '../config/file-name.js';
import { parseCommandLine } from '../parse/command-line.js';
import { HELP_FLAG } from './policy-args.js';

const HELP = `Usage: daemonkit init [file] [--force]

Writes a starter ${CONFIG_FILE} (default: in the current folder) with a "$schema" reference, so that editors
complete and explain every field. JSON has no comments: the notes are in "$comment" fields, which daemonkit ignores.

Flags:
  --force       overwrite an existing file
  -h, --help    this help

Example:
  daemonkit init && daemonkit lint --preset pm2
`;

/** Where the schema file is, as the config refers to it: relative to the config's folder when both are local. */
export function schemaReference(configPath: string): string {
  const schema = fileURLToPath(new URL('../schema/daemonkit.config.schema.json', import.meta.url).href.replace(/\/src\/schema\//, '/schema/'));
  const rel = relative(dirname(configPath), schema);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** The starter config: one app with the common fields, each explained by a "$comment" or by the schema. */
export function starterConfig(name: string, schema: string): object {
  return {
    $schema: schema,
    $comment:
      'The apps one daemonkit guard runs as a tree. Hover a field in your editor for its meaning. Durations: 500 (ms), "10s", "5m"; sizes: "10MB" (10^6), "512KiB" (2^10 each). Paths are relative to this file.',
    name,
    strategy: 'one-for-one',
    apps: {
      web: {
        $comment: 'Never run through a shell: the program in command, its arguments in args. A policy is a preset name ("pm2", "systemd", ...) or { preset, options }.',
        command: 'node',
        args: ['server.js'],
        env: { NODE_ENV: 'production' },
        instances: 1,
        policy: { preset: 'restart', options: { restart: 'on-failure', maxConsecutiveFailures: 5, backoff: { initialMs: 100, maxMs: 30000 } } },
        killTimeout: '5s',
        logs: { file: 'logs/web.log', maxSize: '10MB', maxFiles: 5 },
      },
    },
  };
}

export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, { ...HELP_FLAG, force: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  if (positionals.length > 1) throw new UsageError(`expected at most one file, got ${positionals.length}`);
  const file = resolve(process.cwd(), positionals[0] ?? CONFIG_FILE);
  if (existsSync(file) && !values.force) throw new CliError(`${positionals[0] ?? CONFIG_FILE} exists; --force overwrites it`);
  const name = basename(dirname(file)).replace(/[^A-Za-z0-9._-]/g, '-') || 'daemonkit';
  writeFileSync(file, `${JSON.stringify(starterConfig(name, schemaReference(file)), null, 2)}\n`, { flag: values.force ? 'w' : 'wx' });
  process.stdout.write(
    `Wrote ${relative(process.cwd(), file) || file}: one app, "web" (node server.js). Edit its apps; the "$schema" line lets your editor complete and explain each field.\n`,
  );
  return EXIT_CODES.ok;
}
