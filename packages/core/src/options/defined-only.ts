/**
 * `o` without its `undefined` fields. Under exactOptionalPropertyTypes an optional option must be absent, not
 * `undefined`; zod's parsed objects and forwarded options carry `key: undefined`, so they go through this first.
 */
export function definedOnly<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
