import { constants } from 'node:os';
import { basename } from 'node:path';
import {
  describeRun,
  InvalidOptionsError,
  Supervisor,
  SupervisorTree,
  type Policy,
  type RunRecord,
  type SupervisorOptions,
} from '@daemonkit/core';
import { EXIT_CODES, UsageError } from '../errors.js';
import { EXIT_CODES_HELP, policyFlagsHelp, PRESET_HELP, UNITS_HELP } from '../help.js';
import { colorsFor } from '../output/colors.js';
import { jsonEventLine, timelineHeader, timelineLine } from '../output/timeline.js';
import { parseCommandLine } from '../parse/command-line.js';
import { parseDuration } from '../parse/duration.js';
import { BOOLEAN_POLICY_FLAGS, PRESET_NAMES, policySpecFromFlags, type PresetName } from '../policy/flags.js';
import { policyFromSpec } from '../policy/from-spec.js';
import { HELP_FLAG, POLICY_FLAG_SPECS, stringValues } from './policy-args.js';

// `daemonkit run`: a Supervisor (or, with --instances, a SupervisorTree of replicas) in the foreground. All the
// supervision is the core's; this module wires flags to options and events to lines.

const FLAGS = {
  ...POLICY_FLAG_SPECS,
  ...HELP_FLAG,
  instances: { type: 'string' },
  'kill-signal': { type: 'string' },
  'kill-timeout': { type: 'string' },
  log: { type: 'string' },
  json: { type: 'boolean' },
} as const;

function help(values: Readonly<Record<string, unknown>>): string {
  const preset = typeof values.preset === 'string' && (PRESET_NAMES as string[]).includes(values.preset) ? (values.preset as PresetName) : 'restart';
  return `Usage: daemonkit run [flags] -- <command> [args...]

Runs the command in the foreground and restarts it by the policy, printing a timeline of what happens on stderr.
The command is never run through a shell. Ctrl+C stops it gracefully (its kill signal, then SIGKILL after the kill
timeout); a second Ctrl+C sends SIGKILL at once.

Flags:
  --instances <n>           run n replicas (each with DAEMONKIT_INSTANCE and NODE_APP_INSTANCE); default 1
  --kill-signal <SIG>       the signal that stops it; default SIGTERM
  --kill-timeout <duration> then SIGKILL to its whole process group; default 5s
  --log <file>              append its stdout and stderr to a file (created 0640) instead of the terminal
  --json                    every event as one JSON line on stdout; the command's own stdout goes to stderr
  -h, --help                this help

${policyFlagsHelp(preset)}
${PRESET_HELP}

${UNITS_HELP}

Exit code: the command's last exit code when the policy completes (128 + n after signal n), 1 when it gives up,
130 after Ctrl+C (143 after SIGTERM), 2 on a usage error.
${EXIT_CODES_HELP}

Examples:
  daemonkit run --restart always --backoff 1s -- node worker.js
  daemonkit run --preset pm2 --max-restarts 15 --exp-backoff-restart-delay 100 -- node server.js --port 8080
`;
}

interface Plan {
  readonly command: string;
  readonly args: readonly string[];
  readonly policy: Policy<unknown>;
  readonly instances: number;
  readonly options: Pick<SupervisorOptions, 'killSignal' | 'killTimeoutMs' | 'logFile' | 'stdio'>;
  readonly json: boolean;
}

/** The flags' plan: everything checked before anything is spawned. */
function planOf(argv: readonly string[]): Plan | 'help' {
  const { values, positionals, rest } = parseCommandLine(argv, FLAGS, BOOLEAN_POLICY_FLAGS);
  if (values.help) {
    process.stdout.write(help(values));
    return 'help';
  }
  const [command, ...args] = [...positionals, ...rest];
  if (command === undefined) throw new UsageError('no command to run: daemonkit run [flags] -- <command> [args...]');
  const policy = policyFromSpec(policySpecFromFlags(stringValues(values)));
  let instances = 1;
  if (typeof values.instances === 'string') {
    instances = Number(values.instances);
    if (!Number.isInteger(instances) || instances < 1) throw new UsageError(`--instances: expected a positive integer, got ${JSON.stringify(values.instances)}`);
  }
  const withFlag = (flag: string, parse: () => unknown) => {
    try {
      return parse();
    } catch (error) {
      throw error instanceof UsageError ? new UsageError(`--${flag}: ${error.message}`) : error;
    }
  };
  const json = values.json === true;
  const options = {
    ...(typeof values['kill-signal'] === 'string' ? { killSignal: values['kill-signal'].toUpperCase() as NodeJS.Signals } : {}),
    ...(typeof values['kill-timeout'] === 'string'
      ? { killTimeoutMs: withFlag('kill-timeout', () => parseDuration(values['kill-timeout'] as string)) as number }
      : {}),
    ...(typeof values.log === 'string' ? { logFile: values.log } : json ? { stdio: 'pipe' as const } : {}),
  };
  return { command, args, policy, instances, options, json };
}

const OPTION_FLAGS: Readonly<Record<string, string>> = { killSignal: '--kill-signal', killTimeoutMs: '--kill-timeout', logFile: '--log', command: 'the command' };

/** The core's option errors, named by their flag. */
function asUsage(error: unknown): unknown {
  if (!(error instanceof InvalidOptionsError)) return error;
  const option = error.option.replace(/^children\[\d+\]\./, '');
  return new UsageError(`${OPTION_FLAGS[option] ?? option}: ${error.message}`, { cause: error });
}

function exitCodeOfRun(run: RunRecord | undefined): number {
  if (!run) return EXIT_CODES.failure;
  const o = run.outcome;
  if (o.kind === 'exited') return o.code;
  if (o.kind === 'signaled') return 128 + (constants.signals[o.signal as keyof typeof constants.signals] ?? 0);
  return EXIT_CODES.failure;
}

export async function run(argv: readonly string[]): Promise<number> {
  const plan = planOf(argv);
  if (plan === 'help') return EXIT_CODES.ok;
  const c = colorsFor(process.stderr);
  const t0 = performance.now();
  const withChild = plan.instances > 1;
  const print = (event: string, payload: object, pid: number | undefined, detail: string) => {
    if (plan.json) process.stdout.write(`${jsonEventLine(event, payload, new Date())}\n`);
    else {
      const child = 'child' in payload ? String(payload.child) : undefined;
      process.stderr.write(`${timelineLine({ atMs: performance.now() - t0, event, pid, child, detail }, withChild, c)}\n`);
    }
  };

  const base = { command: plan.command, args: plan.args, policy: plan.policy, ...plan.options };
  let target: Supervisor | SupervisorTree;
  try {
    target =
      plan.instances === 1
        ? new Supervisor(base)
        : new SupervisorTree({
            // The policy alone decides when to give up: the tree's own intensity would otherwise stop the replicas first.
            intensity: { maxRestarts: Number.POSITIVE_INFINITY, periodMs: 1000 },
            children: [{ ...base, name: basename(plan.command).replace(/[^A-Za-z0-9._-]/g, '-') || 'app', instances: plan.instances }],
          });
  } catch (error) {
    throw asUsage(error);
  }

  let lastRun: RunRecord | undefined;
  const on = target.on.bind(target) as unknown as (event: string, listener: (payload: never) => void) => void;
  if (!plan.json) process.stderr.write(`${c.dim(timelineHeader(withChild))}\n`);
  on('spawn', (e: { pid: number; attempt: number; stdout?: NodeJS.ReadableStream | null; stderr?: NodeJS.ReadableStream | null }) => {
    // --json keeps stdout for the events: the command's own output goes to stderr.
    e.stdout?.pipe(process.stderr, { end: false });
    e.stderr?.pipe(process.stderr, { end: false });
    print('spawn', e, e.pid, `attempt ${e.attempt}`);
  });
  on('exit', (e: { run: RunRecord }) => {
    lastRun = e.run;
    print('exit', e, e.run.pid, describeRun(e.run));
  });
  on('crash', (e: { run: RunRecord; consecutiveFailures: number }) =>
    print('crash', e, e.run.pid, `${e.consecutiveFailures} failure${e.consecutiveFailures === 1 ? '' : 's'} in a row`),
  );
  on('backoff', (e: { delayMs: number; attempt: number }) => print('backoff', e, undefined, `attempt ${e.attempt} in ${e.delayMs} ms`));
  on('giveup', (e: { reason: string }) => print('giveup', e, undefined, e.reason));
  on('stop', (e: { reason: string }) => print('stop', e, undefined, e.reason));
  if (target instanceof SupervisorTree) {
    target.on('group-restart', (e) => print('group-restart', e, undefined, `${e.strategy}: ${e.children.join(', ')}`));
    target.on('tree-giveup', (e) => print('giveup', e, undefined, e.reason));
  }

  // Ctrl+C: stop gracefully; a second one forces SIGKILL now. SIGTERM and SIGHUP stop gracefully too.
  let stopSignal: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopSignal === undefined) {
      stopSignal = signal;
      if (!plan.json) process.stderr.write(`${c.dim(`${signal === 'SIGINT' ? 'Ctrl+C' : signal}: stopping (Ctrl+C again to force)`)}\n`);
      void target.stop().catch(() => {});
    } else {
      void target.stop({ timeoutMs: 0 }).catch(() => {});
    }
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);

  target.start();
  const reason = target instanceof SupervisorTree ? (await target.done).reason : (await target.done).reason;
  for (const s of signals) process.off(s, onSignal);
  if (reason === 'giveup') return EXIT_CODES.failure;
  if (reason === 'requested') return 128 + (constants.signals[stopSignal ?? 'SIGINT'] ?? 2);
  return exitCodeOfRun(lastRun);
}
