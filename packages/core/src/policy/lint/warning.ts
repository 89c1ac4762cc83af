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
  | 'never-with-limits';

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
