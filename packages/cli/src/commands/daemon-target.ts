import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { connect, daemonStatus, NotRunningError, stateHome, type DaemonReport, type RemoteDaemon } from '@daemonkit/core';
import { CliError, EXIT_CODES, UsageError } from '../errors.js';
import { didYouMean } from '../parse/suggest.js';

// Finding the daemons a command names, in the state folder. Thin: what is running is the core's answer
// (daemonStatus() proves a pid file, connect() greets the guard); this module only turns names into guards and apps.
//
// Addressing: `guard/app` is explicit. A bare name is a guard's name first (a running guard, or one known in the
// state folder); if no guard has it, it is an app's name across the running guards (ambiguous: an error listing the
// `guard/app` choices). A guard is "known" while its pid file or its own log (`<name>.log`, which outlives it) is in
// the state folder; an app of a stopped guard is known by its default log, `<guard>.<app>.log`.

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The state folder: $DAEMONKIT_HOME, else $XDG_STATE_HOME/daemonkit, else ~/.local/state/daemonkit (the core's stateHome()). */
export function home(): string {
  return stateHome();
}

/** A guard and, optionally, one of its apps (a service `web`, or a child `web#1`). */
export interface Target {
  readonly guard: string;
  readonly app?: string;
  readonly running: boolean;
  /** The guard's pid, when running. */
  readonly pid?: number;
}

/** `shop` or `shop/web`, for messages. */
export const labelOf = (t: { guard: string; app?: string | undefined }) => (t.app === undefined ? t.guard : `${t.guard}/${t.app}`);

function files(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Every guard with a pid file in the state folder, sorted by name (running or not: see daemonStatus()). */
export function guardsWithPidFiles(dir: string): string[] {
  return files(dir)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => f.slice(0, -'.pid'.length))
    .filter((n) => NAME.test(n))
    .sort();
}

/** The guards proven running in the state folder, with their pids. */
export function runningGuards(dir: string): Array<{ name: string; pid: number }> {
  return guardsWithPidFiles(dir).flatMap((name) => {
    const s = daemonStatus({ name, home: dir });
    return s.running && s.pid !== undefined ? [{ name, pid: s.pid }] : [];
  });
}

const knownGuard = (dir: string, name: string) => existsSync(join(dir, `${name}.pid`)) || existsSync(join(dir, `${name}.log`));

function checkName(text: string, what: string): string {
  if (!NAME.test(text)) throw new UsageError(`${JSON.stringify(text)} is not a ${what} name (letters, digits, '.', '_', '-')`);
  return text;
}

/** Connects to a running guard; `undefined` when nothing answers (it stopped meanwhile). */
export async function connectGuard(dir: string, guard: string): Promise<RemoteDaemon | undefined> {
  try {
    return await connect({ name: guard, home: dir });
  } catch (error) {
    if (error instanceof NotRunningError) return undefined;
    throw error;
  }
}

/** Each running guard's report (a guard that stops meanwhile is left out). */
export async function reportsOf(dir: string, guards: readonly string[]): Promise<DaemonReport[]> {
  const reports = await Promise.all(
    guards.map(async (guard) => {
      const remote = await connectGuard(dir, guard);
      if (!remote) return undefined;
      try {
        return await remote.status();
      } finally {
        remote.close();
      }
    }),
  );
  return reports.filter((r): r is DaemonReport => r !== undefined);
}

const hasApp = (report: DaemonReport, app: string) => report.children.some((c) => c.service === app || c.id === app);

/**
 * The guard (and app) `text` names, following the addressing rules above. Throws a CliError (exit 1) naming what
 * was looked for when nothing has that name, or listing the choices when it is ambiguous.
 */
export async function resolveTarget(dir: string, text: string): Promise<Target> {
  const slash = text.indexOf('/');
  if (slash !== -1) {
    const guard = checkName(text.slice(0, slash), 'guard');
    const app = text.slice(slash + 1);
    if (app === '') throw new UsageError(`${JSON.stringify(text)}: expected guard/app`);
    const s = daemonStatus({ name: guard, home: dir });
    if (s.running) {
      const [report] = await reportsOf(dir, [guard]);
      if (report && !hasApp(report, app)) {
        const apps = [...new Set(report.children.map((c) => c.service))];
        throw new CliError(`${guard} has no app ${JSON.stringify(app)}${didYouMean(app, apps)} (its apps: ${apps.join(', ')})`);
      }
      return { guard, app, running: true, pid: s.pid! };
    }
    if (knownGuard(dir, guard)) return { guard, app, running: false };
    throw notFound(dir, text);
  }
  checkName(text, 'guard or app');
  const s = daemonStatus({ name: text, home: dir });
  if (s.running) return { guard: text, running: true, pid: s.pid! };
  const running = runningGuards(dir);
  const reports = await reportsOf(dir, running.map((g) => g.name));
  const owners = reports.filter((r) => hasApp(r, text)).map((r) => r.guard.name);
  if (owners.length === 1) return { guard: owners[0]!, app: text, running: true, pid: running.find((g) => g.name === owners[0])!.pid };
  if (owners.length > 1) throw new CliError(`${text} is an app of several guards: say which, ${owners.map((g) => `${g}/${text}`).join(' or ')}`);
  if (knownGuard(dir, text)) return { guard: text, running: false };
  // An app of a stopped guard, known by its default log file.
  const stopped = files(dir)
    .filter((f) => f.endsWith(`.${text}.log`))
    .map((f) => f.slice(0, -`.${text}.log`.length))
    .filter((g) => NAME.test(g) && knownGuard(dir, g));
  if (stopped.length === 1) return { guard: stopped[0]!, app: text, running: false };
  if (stopped.length > 1) throw new CliError(`${text} is an app of several guards: say which, ${stopped.map((g) => `${g}/${text}`).join(' or ')}`);
  throw notFound(dir, text, running.map((g) => g.name));
}

function notFound(dir: string, text: string, running: readonly string[] = []): CliError {
  return new CliError(`no daemon or app named ${JSON.stringify(text)} in ${dir}${didYouMean(text, running)} (daemonkit list shows the guards)`, {
    exitCode: EXIT_CODES.failure,
  });
}
