import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError, UsageError } from '../errors.js';
import { policyFromSpec } from '../policy/from-spec.js';
import { resolveConfig, type ResolvedConfig } from './resolve.js';

export { CONFIG_FILE } from './file-name.js';

/**
 * Reads, checks and resolves a config file; every app's policy is built once by the core so that a bad option is
 * reported now, with its path (`apps.web.policy.options.maxRestarts`).
 */
export function loadConfig(file: string, cwd: string): ResolvedConfig {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${file} not found (daemonkit init writes a starter config)` : `cannot read ${file}: ${code ?? String(error)}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const config = resolveConfig(json, { dir: dirname(path), where: file });
  for (const [name, app] of Object.entries(config.apps)) {
    if (app.policy) {
      try {
        policyFromSpec(app.policy, { kind: 'config', path: `apps.${name}.policy` });
      } catch (error) {
        throw error instanceof UsageError ? new UsageError(`${file}: ${error.message}`, { cause: error }) : error;
      }
    }
  }
  return config;
}
