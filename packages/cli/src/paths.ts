import { join } from 'node:path';

/**
 * The state folder, where a guard keeps its pid file, control socket and logs: `$DAEMONKIT_HOME`, else
 * `$XDG_STATE_HOME/daemonkit`, else `~/.local/state/daemonkit` (XDG's place for state that outlives a restart).
 */
export function stateHome(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  if (env.DAEMONKIT_HOME) return env.DAEMONKIT_HOME;
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'daemonkit');
  return join(homeDir, '.local', 'state', 'daemonkit');
}

/** The files of the guard `name` in `home`; `appLog(app)` is an app's default log. */
export function daemonPaths(home: string, name: string) {
  return {
    pidFile: join(home, `${name}.pid`),
    socket: join(home, `${name}.sock`),
    guardLog: join(home, `${name}.log`),
    appLog: (app: string) => join(home, `${name}.${app}.log`),
  };
}
