// A lint warning as data. Pure: the checks that build them take resolved options and return arrays.

export type PolicyWarningCode =
  | 'invalid-option'
  | 'window-unreachable'
  | 'window-shadowed'
  | 'consecutive-failures-shadowed'
  | 'backoff-max-below-initial'
  | 'backoff-never-grows'
  | 'min-uptime-above-reset'
  | 'prevent-code-is-success'
  | 'force-code-prevented'
  | 'force-code-redundant'
  | 'success-codes-without-zero'
  | 'never-with-limits'
  /** Nothing is ever restarted: every restart the settings would make gives up instead, or there is none. */
  | 'never-restarts'
  /** A failed run is never restarted: the first failure gives up; only clean exits are restarted. */
  | 'gives-up-at-first-failure'
  /** A peer's failed start (a run under its minimum uptime, or a spawn failure) is never retried. */
  | 'gives-up-at-first-short-run'
  /** A setting that can never take effect with the others (a preset's counterpart of never-with-limits). */
  | 'no-effect'
  /** maxSpawnFailures can never be reached: the restart mode or another limit always stops first. */
  | 'max-spawn-failures-unreachable';

/** A setting that can never take effect, or that does something people do not expect. */
export interface PolicyWarning {
  readonly code: PolicyWarningCode;
  /** Dotted path of the option it is about, e.g. `window.maxRestarts`. */
  readonly option: string;
  readonly message: string;
}

/** A warning, frozen. */
export function warn(code: PolicyWarningCode, option: string, message: string): PolicyWarning {
  return Object.freeze({ code, option, message });
}

/** Which of `keys` differ from their value in `defaults`, in the order of `keys`: ["maxRestarts", "backoff"]. */
export function changed<O extends object>(o: O, defaults: Partial<O>, keys: readonly (keyof O & string)[]): string[] {
  return keys.filter((k) => !sameValue(o[k], defaults[k]));
}

// Deep enough for option values: numbers, strings, arrays of them, plain objects of them.
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
