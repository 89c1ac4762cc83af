import type { RawApp } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { parseCommandLine, type FlagSpec } from '../parse/command-line.js';
import { parseDuration } from '../parse/duration.js';
import { parseSize } from '../parse/size.js';
import { BOOLEAN_POLICY_FLAGS, policySpecFromFlags } from '../policy/flags.js';
import { POLICY_FLAG_SPECS, stringValues } from './policy-args.js';

// `daemonkit start <name> [flags] -- <command> [args...]` is a config of one app (issue 12): this builds that config
// as the raw JSON a daemonkit.config.json would hold, so that it goes through the same checks. Pure; commands/start.ts
// runs it.

export const START_FLAGS: Readonly<Record<string, FlagSpec>> = {
  ...POLICY_FLAG_SPECS,
  help: { type: 'boolean', short: 'h' },
  config: { type: 'string', short: 'c' },
  instances: { type: 'string' },
  'kill-signal': { type: 'string' },
  'kill-timeout': { type: 'string' },
  log: { type: 'string' },
  'max-log-size': { type: 'string' },
  'max-log-files': { type: 'string' },
  'compress-logs': { type: 'boolean' },
  timestamps: { type: 'boolean' },
  'wait-ready': { type: 'boolean' },
};

/** A raw config of one app named `name` running `command`, from start's flags. */
export function startArgsToConfig(argv: readonly string[], cwd: string): { name: string; config: Record<string, unknown>; waitReady: boolean } {
  const { values, positionals, rest } = parseCommandLine(argv, START_FLAGS, BOOLEAN_POLICY_FLAGS);
  const [name, ...before] = positionals;
  const [command, ...args] = [...before, ...rest];
  if (name === undefined || command === undefined) throw new UsageError('expected a name and a command: daemonkit start <name> [flags] -- <command> [args...]');
  const text = (flag: string) => (typeof values[flag] === 'string' ? (values[flag] as string) : undefined);
  const checked = <T>(flag: string, parse: (s: string) => T): T | undefined => {
    const v = text(flag);
    if (v === undefined) return undefined;
    try {
      return parse(v);
    } catch (error) {
      throw error instanceof UsageError ? new UsageError(`--${flag}: ${error.message}`) : error;
    }
  };
  const spec = policySpecFromFlags(stringValues(values));
  const logRotation = ['max-log-size', 'max-log-files', 'compress-logs', 'timestamps'].some((f) => values[f] !== undefined);
  const logFile = text('log');
  if (logRotation && logFile === undefined) throw new UsageError('--max-log-size, --max-log-files, --compress-logs and --timestamps need --log <file>');
  const maxFiles = checked('max-log-files', (s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`expected a non-negative integer, got ${JSON.stringify(s)}`);
    return n;
  });
  const maxBytes = checked('max-log-size', parseSize);
  const logs: RawApp['logs'] =
    logFile === undefined
      ? undefined
      : {
          file: logFile,
          ...(maxBytes === undefined ? {} : { maxSize: maxBytes }),
          ...(maxFiles === undefined ? {} : { maxFiles }),
          ...(values['compress-logs'] ? { compress: true } : {}),
          ...(values.timestamps ? { timestamps: true } : {}),
        };
  const instances = checked('instances', Number);
  const killTimeout = checked('kill-timeout', (s) => parseDuration(s));
  const app = {
    command,
    ...(args.length === 0 ? {} : { args }),
    cwd,
    ...(instances === undefined ? {} : { instances }),
    ...(spec.options === undefined && spec.preset === 'restart' ? {} : { policy: spec }),
    ...(text('kill-signal') === undefined ? {} : { killSignal: text('kill-signal')!.toUpperCase() }),
    ...(killTimeout === undefined ? {} : { killTimeout }),
    ...(logs === undefined ? {} : { logs }),
  };
  return { name, config: { name, apps: { [name]: app } }, waitReady: values['wait-ready'] === true };
}
