import { EXIT_CODES } from './errors.js';
import { SIZE_UNITS_HELP } from './parse/size.js';
import { POLICY_FLAGS, PRESET_NAMES, type PresetName } from './policy/flags.js';

// Help texts. Every command's help has a usage line, what it does, its flags and an example.

export const EXIT_CODES_HELP = `Exit codes:
  ${EXIT_CODES.ok}  success (run: the child's last exit code once the policy completes)
  ${EXIT_CODES.failure}  failure: gave up, could not start, not found
  ${EXIT_CODES.usage}  usage error: a bad flag, value or config
  ${EXIT_CODES.notRunning}  status: the app is known but not running (as LSB and systemctl); stop of an app not running exits 0`;

export const UNITS_HELP = `Durations: 500ms, 10s, 5m, 1h, 1m30s; a bare number is milliseconds (seconds for the options a peer writes in seconds).
Sizes: ${SIZE_UNITS_HELP.replace(/^sizes: /, '')}.`;

/** The policy flags' help: the default policy's, or one preset's. */
export function policyFlagsHelp(preset: PresetName = 'restart'): string {
  const rows = POLICY_FLAGS[preset];
  const width = Math.max(...rows.map((r) => r.flag.length)) + 4;
  const title =
    preset === 'restart'
      ? 'Policy flags (restartPolicy(); defaults are the SDK\'s):'
      : `Flags of --preset ${preset} (the preset's own option names and defaults):`;
  return [title, ...rows.map((r) => `  --${r.flag.padEnd(width - 2)}${r.help}`)].join('\n');
}

export const PRESET_HELP = `  --preset <name>           a peer's restart rules instead: ${PRESET_NAMES.filter((p) => p !== 'restart').join(', ')}
                            (\`daemonkit explain --help --preset pm2\` lists that preset's flags)`;

export const MAIN_HELP = `daemonkit: keep any program running, restarted by the policy you choose.

Usage: daemonkit <command> [flags]

Commands:
  run [policy flags] -- <command> [args...]   supervise a command in the foreground
  explain [policy flags]                       say in words what a policy does
  lint [policy flags]                          warn about settings that never take effect or surprise
  init [file]                                  write a starter daemonkit.config.json

Daemons (in the state folder: $DAEMONKIT_HOME, else $XDG_STATE_HOME/daemonkit, else ~/.local/state/daemonkit):
  start <name> [flags] -- <command> [args...]  run a command as a daemon (a guard keeps it running)
  start [-c daemonkit.config.json] [apps...]   run a config's apps as one guard (only the apps named, if any)
  stop <name> | --all                          stop a guard and its apps (not running: exit 0)
  restart <name> [--rolling]                   replace an app's processes, or all of a guard's
  status [name] [--json]                       a table of apps: state, pid, uptime, restarts, last exit, memory
  list                                         every guard in the state folder
  logs <name> [-n 100] [-f]                    the last lines of an app's log; -f follows
  reopen-logs <name>                           reopen log files (logrotate's postrotate)
  events <name> [--json]                       the guard's events, live
  signal <name> <SIG>                          send a signal to an app's processes

  <name> is a guard's name, an app's name when one running guard has it, or guard/app (shop/web, shop/web#1).

Global flags:
  -h, --help       help for daemonkit or a command (daemonkit run --help)
  -v, --version    print the version

Colours are used on a terminal only; NO_COLOR=1 turns them off. DEBUG=daemonkit prints an error's stack.

${EXIT_CODES_HELP}

Examples:
  daemonkit run --max-restarts 5 --backoff 100ms..30s -- node server.js --port 8080
  daemonkit start api --preset pm2 --instances 2 -- node server.js --port 8080
  daemonkit status api`;
