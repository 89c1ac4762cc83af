import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AlreadyRunningError, DaemonkitError, InvalidOptionsError, startDaemon, type StartDaemonOptions } from '@daemonkit/core';
import { CONFIG_FILE, loadConfig } from '../config/load.js';
import { configToDaemonOptions, resolveConfig, type ResolvedConfig } from '../config/resolve.js';
import { CliError, EXIT_CODES, UsageError } from '../errors.js';
import { EXIT_CODES_HELP, policyFlagsHelp, PRESET_HELP, UNITS_HELP } from '../help.js';
import { parseCommandLine } from '../parse/command-line.js';
import { didYouMean } from '../parse/suggest.js';
import { BOOLEAN_POLICY_FLAGS, flagOfOption, policySpecFromFlags, PRESET_NAMES, type PresetName } from '../policy/flags.js';
import { policyFromSpec } from '../policy/from-spec.js';
import { home } from './daemon-target.js';
import { stringValues } from './policy-args.js';
import { START_FLAGS, startArgsToConfig } from './start-args.js';

// `daemonkit start`: a config (of one app from the command line, or a daemonkit.config.json) becomes the options of
// the core's startDaemon(), which starts one guard running the apps as one tree. Everything is checked before the
// guard is launched; the core leaves nothing running when it fails.

/** A tree intensity never reached: the app's own policy decides when to give up. */
const UNBOUNDED_INTENSITY = { maxRestarts: Number.POSITIVE_INFINITY, periodMs: 1000 };

/** How long an app started with --wait-ready has to call notifyReady(). */
const READY_TIMEOUT_MS = 30_000;

function help(values: Readonly<Record<string, unknown>>): string {
  const preset = typeof values.preset === 'string' && (PRESET_NAMES as string[]).includes(values.preset) ? (values.preset as PresetName) : 'restart';
  return `Usage: daemonkit start <name> [flags] -- <command> [args...]
       daemonkit start [-c daemonkit.config.json] [apps...]

Runs apps as a daemon: a guard process, in the background, keeps them running by their policies, in the state
folder ($DAEMONKIT_HOME, else $XDG_STATE_HOME/daemonkit, else ~/.local/state/daemonkit: <name>.pid, <name>.sock,
<name>.log and each app's log <name>.<app>.log). Returns once every app has spawned, printing the pids and logs.

The first form is a config of one app: the guard and the app are both named <name>, and the app's policy alone
decides when it gives up (when it does, the guard stops; status then exits 3). The second starts the config
file's apps as one guard named by the config's "name" (the strategy and intensity are the config's); with app names,
that guard runs only those apps (to run the others, stop it and start again). A command that cannot be spawned, a bad
flag or config, or a name already running: one line on stderr, exit 1 (2 for a usage error), nothing left running.

Flags:
  -c, --config <file>       the config file; default ./${'daemonkit.config.json'}
  --instances <n>           run n replicas (<name>#0...), each with DAEMONKIT_INSTANCE and NODE_APP_INSTANCE
  --kill-signal <SIG>       the signal that stops it; default SIGTERM
  --kill-timeout <duration> then SIGKILL to its process group; default 5s
  --log <file>              its stdout and stderr; default <state folder>/<name>.<name>.log
  --max-log-size <size>, --max-log-files <n>, --compress-logs, --timestamps
                            log rotation: parsed and checked, but refused until the core's log files take them
  --wait-ready              return once each app has called notifyReady() (@daemonkit/core; a node program,
                            given an IPC channel), within ${READY_TIMEOUT_MS / 1000}s
  -h, --help                this help

${policyFlagsHelp(preset)}
${PRESET_HELP}

${UNITS_HELP}

${EXIT_CODES_HELP}

Examples:
  daemonkit start api --preset pm2 --max-restarts 15 --instances 2 -- node server.js --port 8080
  daemonkit start -c daemonkit.config.json
  daemonkit start web jobs
`;
}

const FLAG_OF_APP_FIELD: Readonly<Record<string, string>> = {
  instances: '--instances',
  killSignal: '--kill-signal',
  killTimeout: '--kill-timeout',
  killTimeoutMs: '--kill-timeout',
  logs: '--log',
  logFile: '--log',
  command: 'the command',
  cwd: 'the working folder',
};


interface Plan {
  readonly options: StartDaemonOptions;
  /** Names an option path of startDaemon() (`services.web.instances`) as the user wrote it: a flag or a config path. */
  readonly nameOption: (path: string) => string;
}

function commandPlan(argv: readonly string[], waitReady: boolean): Plan {
  const { config } = startArgsToConfig(argv, process.cwd());
  const { values } = parseCommandLine(argv, START_FLAGS, BOOLEAN_POLICY_FLAGS);
  if (values.config !== undefined) throw new UsageError('give a command after -- or a config file with -c, not both');
  // The policy flags, checked by the core's constructor, each error naming its flag.
  const spec = policySpecFromFlags(stringValues(values));
  policyFromSpec(spec);
  let resolved: ResolvedConfig;
  try {
    resolved = resolveConfig(config, { dir: process.cwd(), where: 'start' });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const message = error.message.replace(/^start: apps\.[^.:]+\.([A-Za-z]+)[^:]*/, (all, field: string) => FLAG_OF_APP_FIELD[field] ?? all);
    throw new UsageError(message.replace(/^start: /, ''), { cause: error });
  }
  const nameOption = (path: string) => {
    const field = path.split('.')[2];
    if (field === 'policy') return flagOfOption(spec.preset, path.split('.').slice(4).join('.')) ?? 'policy flags';
    return (field && FLAG_OF_APP_FIELD[field]) ?? path;
  };
  const options = configToDaemonOptions(resolved, { home: home(), waitReady });
  // One app: its policy alone decides when to give up, as with `run` (the tree's default intensity, 5 restarts in
  // 10 s, would otherwise stop the guard first).
  return { options: withReadiness({ ...options, intensity: UNBOUNDED_INTENSITY }, waitReady), nameOption };
}

function configPlan(file: string, apps: readonly string[], waitReady: boolean, explicit: boolean): Plan {
  if (!explicit && !existsSync(resolve(file)) && apps.length > 0) {
    throw new UsageError(`expected a command: daemonkit start ${apps[0]} [flags] -- <command> [args...] (or a ${CONFIG_FILE} here, whose apps start names)`);
  }
  const config = loadConfig(file, process.cwd());
  const known = Object.keys(config.apps);
  for (const app of apps) {
    if (!known.includes(app)) throw new UsageError(`${file} has no app ${JSON.stringify(app)}${didYouMean(app, known)} (its apps: ${known.join(', ')})`);
  }
  const subset: ResolvedConfig = apps.length === 0 ? config : { ...config, apps: Object.fromEntries(Object.entries(config.apps).filter(([n]) => apps.includes(n))) };
  let options: StartDaemonOptions;
  try {
    options = configToDaemonOptions(subset, { home: home(), waitReady });
  } catch (error) {
    throw error instanceof UsageError ? new UsageError(`${file}: ${error.message}`, { cause: error }) : error;
  }
  return { options: withReadiness(options, waitReady), nameOption: (path) => `${file}: ${path.replace(/^services\./, 'apps.')}` };
}

function withReadiness(options: StartDaemonOptions, waitReady: boolean): StartDaemonOptions {
  if (!waitReady) return options;
  const services = Object.fromEntries(Object.entries(options.services).map(([n, s]) => [n, { ...s, readiness: { timeoutMs: READY_TIMEOUT_MS } }]));
  return { ...options, services };
}

export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals, rest } = parseCommandLine(argv, START_FLAGS, BOOLEAN_POLICY_FLAGS);
  if (values.help) {
    process.stdout.write(help(values));
    return EXIT_CODES.ok;
  }
  const waitReady = values['wait-ready'] === true;
  let plan: Plan;
  if (rest.length > 0) {
    plan = commandPlan(argv, waitReady);
  } else {
    const own = Object.keys(values).filter((k) => !['config', 'wait-ready'].includes(k));
    if (own.length > 0) {
      throw new UsageError(`--${own[0]} is a flag of \`daemonkit start <name> [flags] -- <command>\`; a config's apps take their settings from the file`);
    }
    plan = configPlan(typeof values.config === 'string' ? values.config : CONFIG_FILE, positionals, waitReady, values.config !== undefined);
  }
  const { options } = plan;
  let started: Awaited<ReturnType<typeof startDaemon>>;
  try {
    started = await startDaemon(options);
  } catch (error) {
    if (error instanceof AlreadyRunningError) {
      throw new CliError(
        `${options.name} is already running (guard pid ${error.pid}): \`daemonkit restart ${options.name}\` replaces its apps, \`daemonkit stop ${options.name}\` stops it`,
        { cause: error },
      );
    }
    if (error instanceof InvalidOptionsError) throw new UsageError(`${plan.nameOption(error.option)}: ${error.message}`, { cause: error });
    if (error instanceof DaemonkitError) throw new CliError(error.message, { cause: error });
    throw error;
  }
  const { name, pid, paths, status } = started;
  const out = [`${name}: started, guard pid ${pid} (its log: ${paths.logFile})`];
  const label = (service: string, id: string) => (service === name && Object.keys(options.services).length === 1 ? id : `${name}/${id}`);
  const width = Math.max(...status.children.map((c) => label(c.service, c.id).length));
  for (const child of status.children) {
    out.push(`  ${label(child.service, child.id).padEnd(width)}  pid ${String(child.pid ?? '-').padEnd(7)}  log ${child.logFile ?? '-'}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return EXIT_CODES.ok;
}
