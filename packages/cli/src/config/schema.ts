import { z } from 'zod';
import { PRESET_NAMES } from '../policy/flags.js';

// The schema of daemonkit.config.json, in zod (full zod: the CLI loads it only for commands that read a config, and
// z.toJSONSchema() makes the schema file editors read). Values are checked here for shape; durations and sizes are
// converted and policies checked by the core's constructors in resolveConfig().

/** `500ms`, `10s`, `5m`, `1h`, `1m30s`. */
export const DURATION_PATTERN = '^(\\d+(\\.\\d+)?(ms|s|m|h|d))+$';
/** `10MB`, `512KiB`, `100M`. */
export const SIZE_PATTERN = '^\\d+(\\.\\d+)?\\s*([kKmMgGtT]i?[bB]?|[bB])?$';

const duration = (what: string) =>
  z
    .union([z.number().nonnegative(), z.string().regex(new RegExp(DURATION_PATTERN), { error: 'a duration such as "500ms", "10s", "5m"' })], {
      error: 'a duration: milliseconds, or a string such as "500ms", "10s", "5m"',
    })
    .describe(`${what}: milliseconds, or a string such as "500ms", "10s", "5m", "1h"`);

const size = (what: string) =>
  z
    .union([z.number().int().nonnegative(), z.string().regex(new RegExp(SIZE_PATTERN), { error: 'a size such as "10MB", "512KiB" or "100M"' })], {
      error: 'a size: bytes, or a string such as "10MB" (10^6), "512KiB" (2^10 each) or "100M" (MiB)',
    })
    .describe(`${what}: bytes, or a string such as "10MB" (10^6 bytes), "512KiB" (2^10 each) or "100M" (MiB)`);

const positiveInt = (what: string) => z.number({ error: 'a positive integer' }).int({ error: 'a positive integer' }).min(1, { error: 'a positive integer' }).describe(what);

export const policySpecSchema = z
  .strictObject({
    preset: z.enum(PRESET_NAMES as [string, ...string[]]).describe("restart (restartPolicy, the default) or a peer's preset"),
    options: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('The options of restartPolicy() or of the preset, with the SDK\'s names and units (milliseconds for restartPolicy); "Infinity" for unlimited'),
  })
  .describe('A restart policy: { "preset": "pm2", "options": { "maxRestarts": 15 } }');

export const logsSchema = z
  .strictObject({
    file: z.string().min(1).describe("The app's log file (stdout and stderr), relative to the config file's folder. Default <state folder>/<name>.<app>.log"),
    stderrFile: z.string().min(1).optional().describe('A separate file for stderr, relative to the config file\'s folder'),
    maxSize: size('Rotate when the file reaches this size').optional(),
    maxFiles: z.number().int().nonnegative().optional().describe('Rotated files to keep'),
    compress: z.boolean().optional().describe('gzip rotated files'),
    timestamps: z.boolean().optional().describe('Prefix each line with the time'),
  })
  .describe('Where the app\'s output goes, and its rotation');

export const appSchema = z
  .strictObject({
    $comment: z.string().optional(),
    command: z.string({ error: 'a command (a string)' }).min(1, { error: 'a non-empty command' }).describe('The program to run, never through a shell: "node", "./server", "/usr/bin/python3"'),
    args: z.array(z.string(), { error: 'an array of strings' }).optional().describe('Its arguments: ["server.js", "--port", "8080"]'),
    cwd: z.string().optional().describe("Its working folder, relative to the config file's folder (the default)"),
    env: z
      .record(z.string(), z.union([z.string(), z.null()]), { error: 'an object of strings (null removes a variable)' })
      .optional()
      .describe("Variables over the environment daemonkit start ran in; null removes one"),
    instances: positiveInt('Replicas to run, each with DAEMONKIT_INSTANCE and NODE_APP_INSTANCE. Default 1').optional(),
    restart: z
      .enum(['permanent', 'transient', 'temporary'])
      .optional()
      .describe("Erlang/OTP's restart type: permanent (always), transient (after an abnormal exit), temporary (never). Default permanent; or give a policy"),
    policy: z
      .union([z.enum(PRESET_NAMES as [string, ...string[]]), policySpecSchema], { error: `a preset name (${PRESET_NAMES.join(', ')}) or { preset, options }` })
      .optional()
      .describe('The restart policy: a preset name such as "pm2", or { "preset": ..., "options": ... }'),
    killSignal: z.string().regex(/^SIG[A-Z0-9]+$/, { error: 'a signal name such as "SIGTERM"' }).optional().describe('The signal that stops it. Default SIGTERM'),
    killTimeout: duration('How long to wait after killSignal before SIGKILL. Default 5s').optional(),
    logs: z
      .union([z.string().min(1), logsSchema], { error: 'a file path or { file, maxSize, maxFiles, compress, timestamps }' })
      .optional()
      .describe("The app's log file (relative to the config file's folder), or { file, maxSize, maxFiles, compress, timestamps }"),
  })
  .describe('One app: a command daemonkit keeps running');

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema of this file, for editors'),
    $comment: z.string().optional(),
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, { error: "a name of letters, digits, '.', '_' and '-'" })
      .optional()
      .describe("The guard's name: its pid, socket and log files are <state folder>/<name>.*. Default the config file's folder name"),
    strategy: z
      .enum(['one-for-one', 'one-for-all', 'rest-for-one'])
      .optional()
      .describe('Which apps restart when one fails: one-for-one (only it, the default), one-for-all, rest-for-one (it and those after it)'),
    intensity: z
      .strictObject({ maxRestarts: z.number().int().nonnegative(), period: duration('The window') })
      .optional()
      .describe('More than maxRestarts restarts of any apps within period stop them all. Default 5 within 10s'),
    apps: z
      .record(z.string().regex(/^[A-Za-z0-9._-]+$/, { error: "an app name of letters, digits, '.', '_' and '-'" }), appSchema, { error: 'an object of apps by name' })
      .refine((apps) => Object.keys(apps).length > 0, { error: 'at least one app' })
      .describe('The apps, by name; started in this order, stopped in the reverse'),
  })
  .describe('daemonkit.config.json: the apps one daemonkit guard runs');

export type RawConfig = z.infer<typeof configSchema>;
export type RawApp = z.infer<typeof appSchema>;

/** The JSON Schema file's content (schema/daemonkit.config.schema.json), as scripts/write-schema.ts writes it. */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' });
  return `${JSON.stringify({ ...schema, title: 'daemonkit.config.json' }, null, 2)}\n`;
}
