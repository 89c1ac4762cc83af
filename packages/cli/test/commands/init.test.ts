import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaReference, starterConfig } from '../../src/commands/init.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { policyFromSpec } from '../../src/policy/from-spec.js';

describe('init', () => {
  it('writes a starter config that passes its own checks', () => {
    const config = resolveConfig(starterConfig('shop', './schema.json'), { dir: '/srv/shop' });
    expect(Object.keys(config.apps)).toEqual(['web']);
    expect(() => policyFromSpec(config.apps.web!.policy!)).not.toThrow();
  });

  it('refers to the schema file by a path that exists from the config folder', () => {
    const configPath = resolve('/tmp/some/project/daemonkit.config.json');
    const ref = schemaReference(configPath);
    expect(existsSync(resolve(dirname(configPath), ref))).toBe(true);
    expect(ref.endsWith('schema/daemonkit.config.schema.json')).toBe(true);
  });
});
