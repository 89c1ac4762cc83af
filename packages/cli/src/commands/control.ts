import { readdirSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { daemonStatus, describeRun, readLogTail, type DaemonReport, type RemoteDaemon, type RunRecord } from '@daemonkit/core';
import type { Command } from '../cli.js';
import { CliError, EXIT_CODES, UsageError } from '../errors.js';
import { EXIT_CODES_HELP } from '../help.js';
import { colorsFor } from '../output/colors.js';
import { renderStatusJson, renderStatusTable, statusExitCode } from '../output/status-table.js';
import { jsonEventLine, timelineHeader, timelineLine } from '../output/timeline.js';
import { parseCommandLine, type FlagSpec } from '../parse/command-line.js';
import { connectGuard, guardsWithPidFiles, home, labelOf, reportsOf, resolveTarget, runningGuards, type Target } from './daemon-target.js';

// The commands on running daemons: thin calls on the core's control plane (connect(), RemoteDaemon, daemonStatus(),
// stopDaemon()). No supervision here: each asks the guard and prints its answer. `start` is in start.ts (it loads zod).

const HELP: FlagSpec = { type: 'boolean', short: 'h' };

const ADDRESSING = `Names: a guard's name (\`start <name>\` or a config's "name"), an app's name when one running guard has it,
or guard/app (an app of a config, or one replica: shop/web#1).`;

function parse(argv: readonly string[], flags: Readonly<Record<string, FlagSpec>>, help: string) {
  const parsed = parseCommandLine(argv, { ...flags, help: HELP });
  if (parsed.values.help) {
    process.stdout.write(help);
    return undefined;
  }
  if (parsed.rest.length > 0) throw new UsageError(`unexpected arguments after --: ${parsed.rest.join(' ')}`);
  return parsed;
}

function one(positionals: readonly string[], usage: string): string {
  if (positionals.length === 0) throw new UsageError(`expected a name: ${usage}`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}: ${usage}`);
  return positionals[0]!;
}

/** Runs `fn` on a connection to the target's guard; a guard that is not running is a CliError saying so. */
async function withGuard<T>(dir: string, target: Target, fn: (remote: RemoteDaemon) => Promise<T>): Promise<T> {
  const remote = target.running ? await connectGuard(dir, target.guard) : undefined;
  if (!remote) throw new CliError(`${labelOf(target)} is not running (daemonkit start starts it)`);
  try {
    return await fn(remote);
  } finally {
    remote.close();
  }
}

const childrenOf = (report: DaemonReport, app: string | undefined) =>
  app === undefined ? report.children : report.children.filter((c) => c.service === app || c.id === app);

// ---------------------------------------------------------------------------------------------------------- stop

const STOP_HELP = `Usage: daemonkit stop <name> | --all

Stops a guard and every app it runs, and returns once they are all gone (each app gets its kill signal, then SIGKILL
after its kill timeout). A guard runs the apps of one config as one tree, so stop takes a guard: \`stop shop/web\` of
a guard with several apps is refused with a hint (restart or signal one app instead, or stop the guard); when the app
is the guard's only app (\`start web -- ...\`), it stops that guard. A name that is not running exits 0 and says so.

${ADDRESSING}

Flags:
  --all          every guard in the state folder
  -h, --help     this help

${EXIT_CODES_HELP}

Examples:
  daemonkit stop api
  daemonkit stop --all
`;

export const stop: Command = {
  async run(argv) {
    const parsed = parse(argv, { all: { type: 'boolean' } }, STOP_HELP);
    if (!parsed) return EXIT_CODES.ok;
    const dir = home();
    const { stopDaemon } = await import('@daemonkit/core');
    const stopOne = async (guard: string) => {
      const s = await stopDaemon({ name: guard, home: dir });
      process.stdout.write(s.pid === undefined ? `${guard}: not running\n` : `${guard}: stopped (guard pid ${s.pid})\n`);
    };
    if (parsed.values.all) {
      if (parsed.positionals.length > 0) throw new UsageError('give a name or --all, not both');
      const guards = runningGuards(dir);
      if (guards.length === 0) process.stdout.write(`No daemons running in ${dir}.\n`);
      await Promise.all(guards.map((g) => stopOne(g.name)));
      return EXIT_CODES.ok;
    }
    const target = await resolveTarget(dir, one(parsed.positionals, 'daemonkit stop <name> | --all'));
    if (!target.running) {
      process.stdout.write(`${labelOf(target)}: not running\n`);
      return EXIT_CODES.ok;
    }
    if (target.app !== undefined) {
      const [report] = await reportsOf(dir, [target.guard]);
      const apps = new Set(report?.children.map((c) => c.service));
      if (apps.size > 1 || target.app !== [...apps][0]) {
        throw new CliError(
          `${labelOf(target)} is one app of the guard ${target.guard}, which stops as a whole: \`daemonkit stop ${target.guard}\` stops all its apps; \`daemonkit restart ${labelOf(target)}\` or \`daemonkit signal ${labelOf(target)} SIGTERM\` act on this app alone`,
        );
      }
    }
    await stopOne(target.guard);
    return EXIT_CODES.ok;
  },
};

// ------------------------------------------------------------------------------------------------------- restart

const RESTART_HELP = `Usage: daemonkit restart <name> [--rolling]

Replaces an app's processes (each replica of it), or every app of a guard: each is stopped by its kill signal and
started again; the guard keeps running. The restart counts toward nothing: the policy sees a requested restart.

${ADDRESSING}

Flags:
  --rolling      replace replicas one at a time, each after the one before has started (no moment without one)
  -h, --help     this help

${EXIT_CODES_HELP}

Examples:
  daemonkit restart api
  daemonkit restart shop/web --rolling
`;

export const restart: Command = {
  async run(argv) {
    const parsed = parse(argv, { rolling: { type: 'boolean' } }, RESTART_HELP);
    if (!parsed) return EXIT_CODES.ok;
    const dir = home();
    const target = await resolveTarget(dir, one(parsed.positionals, 'daemonkit restart <name> [--rolling]'));
    const report = await withGuard(dir, target, async (remote) => {
      await remote.restart(target.app, { rolling: parsed.values.rolling === true });
      return remote.status();
    });
    const pids = childrenOf(report, target.app).map((c) => `${c.id} pid ${c.pid ?? '-'}`);
    process.stdout.write(`${labelOf(target)}: restarted (${pids.join(', ')})\n`);
    return EXIT_CODES.ok;
  },
};

// -------------------------------------------------------------------------------------------------------- status

const STATUS_HELP = `Usage: daemonkit status [name] [--json]

A table of the running guards' apps, or of one guard or app: name, child, state, pid, uptime, restarts, last exit,
memory (from the app's heartbeats, when it sends them).

${ADDRESSING}

Flags:
  --json         the guards' reports as JSON
  -h, --help     this help

Exit codes: 0 when the named app runs (or with no name); 3 when it is known but not running (as LSB and systemctl);
1 when no daemon or app has that name; 2 on a usage error.

Examples:
  daemonkit status
  daemonkit status shop/web --json
`;

export const status: Command = {
  async run(argv) {
    const parsed = parse(argv, { json: { type: 'boolean' } }, STATUS_HELP);
    if (!parsed) return EXIT_CODES.ok;
    if (parsed.positionals.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[1])}: daemonkit status [name] [--json]`);
    const dir = home();
    const json = parsed.values.json === true;
    const print = (reports: readonly DaemonReport[]) => process.stdout.write(json ? renderStatusJson(reports) : renderStatusTable(reports, colorsFor(process.stdout)));
    const name = parsed.positionals[0];
    if (name === undefined) {
      print(await reportsOf(dir, runningGuards(dir).map((g) => g.name)));
      return EXIT_CODES.ok;
    }
    const target = await resolveTarget(dir, name);
    const [report] = target.running ? await reportsOf(dir, [target.guard]) : [];
    if (!report) {
      process.stdout.write(json ? '[]\n' : `${labelOf(target)}: not running\n`);
      return EXIT_CODES.notRunning;
    }
    const reports = [{ ...report, children: childrenOf(report, target.app) }];
    print(reports);
    return statusExitCode(reports);
  },
};

// ---------------------------------------------------------------------------------------------------------- list

const LIST_HELP = `Usage: daemonkit list [--json]

Every guard in the state folder ($DAEMONKIT_HOME, else $XDG_STATE_HOME/daemonkit, else ~/.local/state/daemonkit): each
pid file there, and whether it proves a running guard (pid and process start time; a stale file reads as not running).

Flags:
  --json         one JSON document: [{ name, running, pid?, warning? }]
  -h, --help     this help

${EXIT_CODES_HELP}

Example:
  daemonkit list
`;

export const list: Command = {
  async run(argv) {
    const parsed = parse(argv, { json: { type: 'boolean' } }, LIST_HELP);
    if (!parsed) return EXIT_CODES.ok;
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[0])}: daemonkit list takes no name`);
    const dir = home();
    const rows = guardsWithPidFiles(dir).map((name) => ({ name, ...daemonStatus({ name, home: dir }) }));
    if (parsed.values.json) {
      process.stdout.write(`${JSON.stringify(rows)}\n`);
      return EXIT_CODES.ok;
    }
    if (rows.length === 0) {
      process.stdout.write(`No daemons in ${dir}.\n`);
      return EXIT_CODES.ok;
    }
    const c = colorsFor(process.stdout);
    const width = Math.max(4, ...rows.map((r) => r.name.length));
    const pidWidth = Math.max(3, ...rows.map((r) => String(r.pid ?? '-').length));
    process.stdout.write(`${c.bold(`${'name'.padEnd(width)}  ${'pid'.padStart(pidWidth)}  state`)}\n`);
    for (const r of rows) {
      const state = r.running ? c.green('running') : c.red(`not running${r.warning ? ` (${r.warning})` : ''}`);
      process.stdout.write(`${r.name.padEnd(width)}  ${String(r.pid ?? '-').padStart(pidWidth)}  ${state}\n`);
    }
    return EXIT_CODES.ok;
  },
};

// ---------------------------------------------------------------------------------------------------------- logs

const LOGS_HELP = `Usage: daemonkit logs <name> [-n 100] [-f]

Prints the last lines of an app's log (stdout and stderr), or of each app of a guard (each line then starts with
the app's name); -f then follows new lines, across rotations (a log moved by logrotate), until Ctrl+C or until the
guard stops. When the guard is not running, the lines are read from its apps' log files in the state folder.

${ADDRESSING}

Flags:
  -n, --lines <n>   how many of the last lines; default 100
  -f, --follow      follow new lines
  -h, --help        this help

${EXIT_CODES_HELP}

Examples:
  daemonkit logs api -n 20
  daemonkit logs shop/web -f
`;

export const logs: Command = {
  async run(argv) {
    const parsed = parse(argv, { lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } }, LOGS_HELP);
    if (!parsed) return EXIT_CODES.ok;
    const lines = parsed.values.lines === undefined ? 100 : Number(parsed.values.lines);
    if (!Number.isInteger(lines) || lines < 0) throw new UsageError(`--lines: expected a non-negative integer, got ${JSON.stringify(parsed.values.lines)}`);
    const follow = parsed.values.follow === true;
    const dir = home();
    const target = await resolveTarget(dir, one(parsed.positionals, 'daemonkit logs <name> [-n 100] [-f]'));
    const remote = target.running ? await connectGuard(dir, target.guard) : undefined;
    if (!remote) {
      // Not running: its apps' default log files, read directly.
      const suffix = target.app === undefined ? undefined : `.${target.app.replace(/#\d+$/, '')}.log`;
      const found = readdirSync(dir)
        .filter((f) => f.startsWith(`${target.guard}.`) && f.endsWith('.log') && f !== `${target.guard}.log` && (suffix === undefined || f === `${target.guard}${suffix}`))
        .sort();
      if (found.length === 0) throw new CliError(`${labelOf(target)} is not running and has no log file in ${dir}`);
      for (const f of found) {
        const app = f.slice(target.guard.length + 1, -'.log'.length);
        const prefix = found.length > 1 ? `${app} | ` : '';
        for (const line of readLogTail(join(dir, f), lines)) process.stdout.write(`${prefix}${line}\n`);
      }
      if (follow) process.stderr.write(`daemonkit logs: ${labelOf(target)} is not running; nothing to follow\n`);
      return EXIT_CODES.ok;
    }
    const stopOnSignal = () => remote.close();
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
    try {
      const apps = target.app !== undefined ? [target.app] : [...new Set((await remote.status()).children.map((c) => c.service))];
      await Promise.all(
        apps.map(async (app) => {
          const prefix = apps.length > 1 ? `${app} | ` : '';
          for await (const line of remote.tail({ lines, follow, child: app })) process.stdout.write(`${prefix}${line}\n`);
        }),
      );
    } catch (error) {
      // Ctrl+C or the guard stopping closes the connection: the end of a follow, not a failure.
      if (!follow || !(error instanceof Error && /closed/.test(error.message))) throw error;
    } finally {
      process.off('SIGINT', stopOnSignal);
      process.off('SIGTERM', stopOnSignal);
      remote.close();
    }
    return EXIT_CODES.ok;
  },
};

// --------------------------------------------------------------------------------------------------- reopen-logs

const REOPEN_HELP = `Usage: daemonkit reopen-logs <name>

Makes the guard reopen every log file by its path: for logrotate's postrotate (after it moved the files), so that
output goes to the new files.

${ADDRESSING}

Flags:
  -h, --help     this help

${EXIT_CODES_HELP}

Example:
  daemonkit reopen-logs shop

  (in a logrotate config: postrotate / daemonkit reopen-logs shop / endscript)
`;

export const reopenLogs: Command = {
  async run(argv) {
    const parsed = parse(argv, {}, REOPEN_HELP);
    if (!parsed) return EXIT_CODES.ok;
    const dir = home();
    const target = await resolveTarget(dir, one(parsed.positionals, 'daemonkit reopen-logs <name>'));
    await withGuard(dir, target, (remote) => remote.reopenLogs());
    process.stdout.write(`${target.guard}: log files reopened\n`);
    return EXIT_CODES.ok;
  },
};

// -------------------------------------------------------------------------------------------------------- events

const EVENTS_HELP = `Usage: daemonkit events <name> [--json]

Prints the guard's events as they happen (spawn, exit, crash, backoff, giveup, stop, ...), a line each, until Ctrl+C
or until the guard stops. With an app's name, only that app's.

${ADDRESSING}

Flags:
  --json         every event as one JSON line on stdout: { time, event, child, ...payload }
  -h, --help     this help

${EXIT_CODES_HELP}

Examples:
  daemonkit events shop
  daemonkit events api --json | jq .event
`;

function detailOf(type: string, p: Record<string, unknown>): { pid?: number; detail: string } {
  const run = p.run as RunRecord | undefined;
  switch (type) {
    case 'spawn':
      return { pid: p.pid as number, detail: `attempt ${String(p.attempt)}` };
    case 'exit':
      return { ...(run ? { pid: run.pid } : {}), detail: run ? describeRun(run) : '' };
    case 'crash':
      return { ...(run ? { pid: run.pid } : {}), detail: `${String(p.consecutiveFailures)} failure${p.consecutiveFailures === 1 ? '' : 's'} in a row` };
    case 'backoff':
      return { detail: `attempt ${String(p.attempt)} in ${String(p.delayMs)} ms` };
    case 'group-restart':
      return { detail: `${String(p.strategy)}: ${(p.children as string[] | undefined)?.join(', ') ?? ''}` };
    default:
      return { detail: typeof p.reason === 'string' ? p.reason : '' };
  }
}

export const events: Command = {
  async run(argv) {
    const parsed = parse(argv, { json: { type: 'boolean' } }, EVENTS_HELP);
    if (!parsed) return EXIT_CODES.ok;
    const dir = home();
    const target = await resolveTarget(dir, one(parsed.positionals, 'daemonkit events <name> [--json]'));
    const json = parsed.values.json === true;
    const c = colorsFor(process.stdout);
    await withGuard(dir, target, async (remote) => {
      const stopOnSignal = () => remote.close();
      process.once('SIGINT', stopOnSignal);
      process.once('SIGTERM', stopOnSignal);
      const t0 = Date.now();
      if (!json) process.stdout.write(`${c.dim(timelineHeader(true))}\n`);
      try {
        for await (const { type, payload } of remote.events()) {
          const p = payload as unknown as Record<string, unknown>;
          const child = typeof p.child === 'string' ? p.child : undefined;
          if (target.app !== undefined && child !== undefined && child !== target.app && child.replace(/#\d+$/, '') !== target.app) continue;
          if (json) process.stdout.write(`${jsonEventLine(type, p, new Date())}\n`);
          else process.stdout.write(`${timelineLine({ atMs: Date.now() - t0, event: type, child, ...detailOf(type, p) }, true, c)}\n`);
        }
      } finally {
        process.off('SIGINT', stopOnSignal);
        process.off('SIGTERM', stopOnSignal);
      }
    });
    return EXIT_CODES.ok;
  },
};

// -------------------------------------------------------------------------------------------------------- signal

const SIGNAL_HELP = `Usage: daemonkit signal <name> <SIG>

Sends a signal to an app's processes (every replica), or to every app of a guard: SIGHUP to reload a config,
SIGUSR2 for a heap snapshot, ... The guard's policy then sees whatever the app does (an exit is an exit).

${ADDRESSING}

Flags:
  -h, --help     this help

${EXIT_CODES_HELP}

Examples:
  daemonkit signal api SIGHUP
  daemonkit signal shop/web#1 USR2
`;

export const signal: Command = {
  async run(argv) {
    const parsed = parse(argv, {}, SIGNAL_HELP);
    if (!parsed) return EXIT_CODES.ok;
    const [name, sig, extra] = parsed.positionals;
    if (name === undefined || sig === undefined || extra !== undefined) throw new UsageError('expected a name and a signal: daemonkit signal <name> <SIG>');
    const upper = sig.toUpperCase();
    const signalName = (upper.startsWith('SIG') ? upper : `SIG${upper}`) as NodeJS.Signals;
    if (!(signalName in constants.signals)) throw new UsageError(`unknown signal ${JSON.stringify(sig)} (such as SIGHUP, SIGUSR2, SIGTERM)`);
    const dir = home();
    const target = await resolveTarget(dir, name);
    await withGuard(dir, target, (remote) => remote.signal(signalName, target.app));
    process.stdout.write(`${labelOf(target)}: sent ${signalName}\n`);
    return EXIT_CODES.ok;
  },
};
