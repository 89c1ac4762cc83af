import { DaemonkitError, InvalidOptionsError } from '../errors.js';
import { os } from '../process/builtins.js';

const path = () => process.getBuiltinModule('node:path');

/**
 * The folder where named daemons keep their pid file, control socket and logs: `$DAEMONKIT_HOME`, else
 * `$XDG_STATE_HOME/daemonkit`, else `~/.local/state/daemonkit` (the XDG default). The CLI uses the same folder.
 */
export function stateHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DAEMONKIT_HOME) return path().resolve(env.DAEMONKIT_HOME);
  if (env.XDG_STATE_HOME) return path().join(path().resolve(env.XDG_STATE_HOME), 'daemonkit');
  return path().join(os().homedir(), '.local', 'state', 'daemonkit');
}

/** Where a daemon's files are. */
export interface DaemonPaths {
  /** The folder holding them. */
  readonly dir: string;
  /** Proves which process is the guard (see the pid file contract in docs/PROTOCOL.md). */
  readonly pidFile: string;
  /** The control socket (a named pipe on Windows). */
  readonly socket: string;
  /** The guard's lifecycle lines (and, for daemon(), the worker's output). */
  readonly logFile: string;
  /** The guard's record of its children, for a successor to reap if the guard dies without stopping them. */
  readonly childrenFile: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Throws an InvalidOptionsError unless `name` can name a daemon (letters, digits, `.`, `_`, `-`; at most 64). */
export function checkDaemonName(name: unknown, where: string): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new InvalidOptionsError(
      `${where}: \`name\` must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit; received ${JSON.stringify(name)}`,
      'name',
    );
  }
  return name;
}

/** The paths of the daemon `name` in `home` (default `stateHome()`): `<home>/<name>.pid`, `.sock`, `.log`. */
export function daemonPaths(name: string, options: { readonly home?: string } = {}): DaemonPaths {
  checkDaemonName(name, 'daemonPaths()');
  const dir = options.home === undefined ? stateHome() : path().resolve(options.home);
  return pathsBeside(path().join(dir, `${name}.pid`));
}

/** The paths that go with a pid file: `app.pid` -> `app.sock`, `app.children.json`; `app.log` for a named daemon. */
export function pathsBeside(pidFile: string, socket?: string): DaemonPaths {
  const absolute = path().resolve(pidFile);
  const base = absolute.endsWith('.pid') ? absolute.slice(0, -'.pid'.length) : absolute;
  return {
    dir: path().dirname(absolute),
    pidFile: absolute,
    socket: socket === undefined ? `${base}.sock` : path().resolve(socket),
    logFile: `${base}.log`,
    childrenFile: `${base}.children.json`,
  };
}

/** Unix socket paths are limited by sun_path: 108 bytes on Linux, 104 on macOS, the final NUL included. */
export const MAX_SOCKET_PATH_BYTES = process.platform === 'linux' ? 107 : 103;

/**
 * The address to listen on and connect to: the path itself, or on Windows a named pipe derived from it. Throws a
 * DaemonkitError naming the path when it is too long for a Unix socket, so the launcher reports it, not the guard.
 */
export function socketAddress(socketPath: string): string {
  if (process.platform === 'win32') return `\\\\.\\pipe\\daemonkit-${socketPath.replace(/[^A-Za-z0-9._-]/g, '_').slice(-200)}`;
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new DaemonkitError(
      `The control socket path is ${bytes} bytes, over the ${MAX_SOCKET_PATH_BYTES} a Unix socket allows: ${socketPath}. ` +
        'Use a shorter state folder (DAEMONKIT_HOME), name or pidFile, or give `controlSocket`.',
    );
  }
  return socketPath;
}
