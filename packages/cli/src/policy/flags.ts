import type { PolicySpec } from '@daemonkit/core';
import { UsageError } from '../errors.js';
import { parseDuration } from '../parse/duration.js';
import { didYouMean } from '../parse/suggest.js';
import {
  INFINITY,
  parseBackoff,
  parseBoolean,
  parseDurationList,
  parseExitCodes,
  parseExitStatuses,
  parseNumber,
  parseWindow,
} from '../parse/values.js';

// The policy flags: one table per policy, a row per option of its constructor in the core (restartPolicy(),
// xdaemonPolicy(), presets.<peer>()), named as the option in kebab-case. Pure: the flags become a serializable
// PolicySpec here; policyFromSpec() builds the Policy, and the core's own option parser judges the values.

export type PresetName = PolicySpec['preset'];

/** How a flag's text becomes the option's value. */
type Kind =
  | 'text' // passed as is; the core checks it is one of its values
  | 'ms' // a duration; a bare number is milliseconds
  | 'seconds' // a duration given to an option in seconds; a bare number is seconds, as in the peer's own config
  | 'seconds-or-infinity'
  | 'number'
  | 'limit' // a number or infinity
  | 'boolean'
  | 'boolean-or-text' // supervisord's autorestart: true, false or unexpected
  | 'exit-codes'
  | 'exit-statuses'
  | 'ms-list'
  | 'window'
  | 'backoff';

export interface PolicyFlag {
  /** The flag without its dashes: `max-restarts`. */
  readonly flag: string;
  /** The option's dotted path in the constructor's options: `maxRestarts`, `backoff.factor`. */
  readonly option: string;
  readonly kind: Kind;
  /** One line for --help: what it is, with its default. */
  readonly help: string;
}

const row = (flag: string, option: string, kind: Kind, help: string): PolicyFlag => ({ flag, option, kind, help });

/** Each policy's flags, in the order --help lists them. */
export const POLICY_FLAGS: Readonly<Record<PresetName, readonly PolicyFlag[]>> = {
  restart: [
    row('restart', 'restart', 'text', "when to restart: always, on-success, on-failure, on-abnormal, on-abort, on-watchdog, never (systemd's Restart=); default on-failure"),
    row('success-exit-codes', 'successExitCodes', 'exit-codes', 'exit codes that count as clean, e.g. 0,2; default 0'),
    row('prevent-exit-codes', 'preventExitCodes', 'exit-codes', 'exit codes after which it is never restarted, e.g. 78; default none'),
    row('force-exit-codes', 'forceExitCodes', 'exit-codes', 'exit codes after which it is restarted whatever --restart says; default none'),
    row('min-uptime', 'minUptimeMs', 'ms', 'a shorter run counts as a failure, e.g. 10s; default 0'),
    row('max-restarts', 'maxRestarts', 'limit', 'restarts allowed in all; default infinity'),
    row('max-consecutive-failures', 'maxConsecutiveFailures', 'limit', 'give up after this many failures in a row; default infinity'),
    row('max-spawn-failures', 'maxSpawnFailures', 'limit', 'give up after this many failed spawns in a row (ENOENT, EACCES); default 3'),
    row('window', 'window', 'window', 'at most N restarts within a period, e.g. 10/60s; default none'),
    row('backoff', 'backoff', 'backoff', 'a fixed delay (1s) or an exponential range (100ms..30s); default 100ms..30s'),
    row('backoff-factor', 'backoff.factor', 'number', 'growth of the exponential delay; default 2'),
    row('backoff-jitter', 'backoff.jitter', 'number', 'random spread of each delay, 0 to 1; default 0.1'),
    row('backoff-reset-after', 'backoff.resetAfterMs', 'ms', 'a run this long starts the delays over; default 30s'),
  ],
  xdaemon: [
    row('max-count', 'maxCount', 'number', 'stop once this many runs happened; 0 = unlimited; default 0'),
    row('max-error', 'maxError', 'number', 'give up when failures in a row exceed this; default 3'),
    row('min-exit-time', 'minExitTime', 'seconds', 'a shorter run is a failure (bare number: seconds); default 10'),
  ],
  systemd: [
    row('restart', 'restart', 'text', 'Restart=: no, always, on-success, on-failure, on-abnormal, on-abort, on-watchdog; default no'),
    row('success-exit-status', 'successExitStatus', 'exit-statuses', 'SuccessExitStatus=, e.g. 2,SIGUSR1'),
    row('restart-prevent-exit-status', 'restartPreventExitStatus', 'exit-statuses', 'RestartPreventExitStatus='),
    row('restart-force-exit-status', 'restartForceExitStatus', 'exit-statuses', 'RestartForceExitStatus='),
    row('restart-sec', 'restartSec', 'seconds', 'RestartSec= (bare number: seconds); default 100ms'),
    row('restart-steps', 'restartSteps', 'number', 'RestartSteps=; default 0'),
    row('restart-max-delay-sec', 'restartMaxDelaySec', 'seconds-or-infinity', 'RestartMaxDelaySec= (bare number: seconds); default infinity'),
    row('start-limit-burst', 'startLimitBurst', 'number', 'StartLimitBurst=; default 5'),
    row('start-limit-interval-sec', 'startLimitIntervalSec', 'seconds', 'StartLimitIntervalSec= (bare number: seconds); default 10'),
  ],
  supervisord: [
    row('autorestart', 'autorestart', 'boolean-or-text', 'true, false or unexpected; default unexpected'),
    row('exitcodes', 'exitcodes', 'exit-codes', 'the expected exit codes; default 0'),
    row('startsecs', 'startsecs', 'seconds', 'a run must last this long to count as started (bare number: seconds); default 1'),
    row('startretries', 'startretries', 'number', 'failed starts retried before FATAL; default 3'),
  ],
  pm2: [
    row('autorestart', 'autorestart', 'boolean', 'restart when it exits; default true (--no-autorestart)'),
    row('max-restarts', 'maxRestarts', 'limit', 'unstable restarts in a row before errored; default 16'),
    row('min-uptime', 'minUptime', 'ms', 'a run must last this long to be stable; default 1s'),
    row('restart-delay', 'restartDelay', 'ms', 'fixed delay before a restart; default 0'),
    row('exp-backoff-restart-delay', 'expBackoffRestartDelay', 'ms', "first delay of pm2's exponential backoff; default off"),
    row('stop-exit-codes', 'stopExitCodes', 'exit-codes', 'exit codes after which it is not restarted'),
  ],
  forever: [
    row('max', 'max', 'limit', 'the most runs, the first included; default infinity'),
    row('min-uptime', 'minUptime', 'ms', 'a shorter run is "spinning"; default 0'),
    row('spin-sleep-time', 'spinSleepTime', 'ms', 'delay before restarting a spinning script; default: not restarted'),
  ],
  respawn: [
    row('max-restarts', 'maxRestarts', 'limit', 'restarts allowed within 60 s of run time; default infinity'),
    row('sleep', 'sleep', 'ms-list', 'delay before a restart, or a list by restart count (100ms,1s,5s); default 1s'),
  ],
  otp: [
    row('restart', 'restart', 'text', 'permanent, transient or temporary; default permanent'),
    row('intensity', 'intensity', 'number', 'restarts allowed within --period; default 1'),
    row('period', 'period', 'seconds', 'the window of --intensity (bare number: seconds); default 5'),
  ],
  kubernetes: [row('restart-policy', 'restartPolicy', 'text', 'Always, OnFailure or Never; default Always')],
};

/** The names --preset takes; `restart` (restartPolicy) is the default. */
export const PRESET_NAMES = Object.keys(POLICY_FLAGS) as PresetName[];

/** Every policy flag of every policy, once, for the command-line parser. */
export const ALL_POLICY_FLAGS: readonly string[] = [...new Set(Object.values(POLICY_FLAGS).flatMap((rows) => rows.map((r) => r.flag)))];

/** Boolean policy flags, which also take a `--no-` form. */
export const BOOLEAN_POLICY_FLAGS: readonly string[] = ALL_POLICY_FLAGS.filter((f) =>
  Object.values(POLICY_FLAGS).some((rows) => rows.some((r) => r.flag === f && r.kind === 'boolean')),
);

function convert(kind: Kind, text: string): unknown {
  switch (kind) {
    case 'text':
      return text;
    case 'ms':
      return parseDuration(text);
    case 'seconds':
      return parseDuration(text, 's') / 1000;
    case 'seconds-or-infinity': {
      const n = ['inf', 'infinity'].includes(text.trim().toLowerCase()) ? INFINITY : parseDuration(text, 's') / 1000;
      return n;
    }
    case 'number':
      return parseNumber(text);
    case 'limit':
      return parseNumber(text, { unlimited: true });
    case 'boolean':
      return parseBoolean(text);
    case 'boolean-or-text':
      return text.trim().toLowerCase() === 'unexpected' ? 'unexpected' : parseBoolean(text);
    case 'exit-codes':
      return parseExitCodes(text);
    case 'exit-statuses':
      return parseExitStatuses(text);
    case 'ms-list': {
      const list = parseDurationList(text);
      return list.length === 1 ? list[0] : list;
    }
    case 'window':
      return parseWindow(text);
    case 'backoff':
      return parseBackoff(text);
  }
}

function presetOf(name: string | undefined): PresetName {
  if (name === undefined) return 'restart';
  if ((PRESET_NAMES as readonly string[]).includes(name)) return name as PresetName;
  throw new UsageError(`--preset: unknown preset ${JSON.stringify(name)}: expected one of ${PRESET_NAMES.join(', ')}${didYouMean(name, PRESET_NAMES)}`);
}

/**
 * The serializable policy spec of a command line's policy flags: `--preset` (default `restart`, i.e.
 * restartPolicy()) and the flags of that policy. A flag of another policy is a usage error that names its policy.
 * `values` holds each flag's text as parsed, without dashes.
 * @example policySpecFromFlags({ preset: 'pm2', 'max-restarts': '15' }) // { preset: 'pm2', options: { maxRestarts: 15 } }
 */
export function policySpecFromFlags(values: Readonly<Record<string, string | undefined>>): PolicySpec {
  const preset = presetOf(values.preset);
  const rows = POLICY_FLAGS[preset];
  const options: Record<string, unknown> = {};
  const fixedBackoff = values.backoff !== undefined && !values.backoff.includes('..');
  if (fixedBackoff && ['backoff-factor', 'backoff-jitter', 'backoff-reset-after'].some((f) => values[f] !== undefined)) {
    throw new UsageError('--backoff-factor, --backoff-jitter and --backoff-reset-after need an exponential --backoff such as 100ms..30s, not a fixed delay');
  }
  for (const flag of ALL_POLICY_FLAGS) {
    const text = values[flag];
    if (text === undefined) continue;
    const r = rows.find((x) => x.flag === flag);
    if (!r) {
      const owners = PRESET_NAMES.filter((p) => POLICY_FLAGS[p].some((x) => x.flag === flag));
      throw new UsageError(
        `--${flag} is not an option of ${preset === 'restart' ? 'the default policy (restartPolicy)' : `--preset ${preset}`}; it is one of --preset ${owners.join(', ')}`,
      );
    }
    let value: unknown;
    try {
      value = convert(r.kind, text);
    } catch (error) {
      throw error instanceof UsageError ? new UsageError(`--${flag}: ${error.message}`) : error;
    }
    setPath(options, r.option, value);
  }
  return Object.keys(options).length === 0 ? { preset } : { preset, options };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) {
    const current = target[head!];
    // --backoff 100ms..30s then --backoff-factor 3: both land in the same object.
    target[head!] = current && typeof current === 'object' && value && typeof value === 'object' ? { ...current, ...value } : value;
    return;
  }
  const current = target[head!];
  const inner = current && typeof current === 'object' ? (current as Record<string, unknown>) : {};
  target[head!] = inner;
  setPath(inner, rest.join('.'), value);
}

/** The flag of a policy option, for messages: `backoff.maxMs` -> `--backoff`, `maxRestarts` -> `--max-restarts`. */
export function flagOfOption(preset: PresetName, option: string): string | undefined {
  const rows = POLICY_FLAGS[preset];
  const exact = rows.find((r) => r.option === option);
  if (exact) return `--${exact.flag}`;
  // A nested field without a flag of its own (backoff.maxMs, window.periodMs) belongs to its parent's flag.
  const parent = rows.find((r) => option.startsWith(`${r.option}.`) || r.option === option.split('.')[0]);
  return parent ? `--${parent.flag}` : undefined;
}
