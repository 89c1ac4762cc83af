// Module customization hooks (run off-thread): log every URL the ESM loader resolves, one per line, to a file,
// synchronously, so that the log is complete when the import that caused it has settled.
import { appendFileSync } from 'node:fs';

let logFile;

export function initialize(data) {
  logFile = data.logFile;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  appendFileSync(logFile, `${result.url}\n`);
  return result;
}
