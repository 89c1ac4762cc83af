/**
 * `process.env` with `overrides` merged over it, as a child's environment: an `undefined` value removes a variable.
 * Read key by key: every read of `process.env` goes to the C library's environment, and a spread of it costs about
 * twice as much (this runs at every start of every Supervisor, 50 times when a tree of 50 starts).
 */
export function childEnv(overrides: Readonly<Record<string, string | undefined>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  const source = process.env;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value !== undefined) env[key] = value;
  }
  for (const key of Object.keys(overrides)) {
    const value = overrides[key];
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** `env` without its `undefined` values: a whole environment, given as it is. */
export function definedEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(env)) {
    const value = env[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
