import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/schema.js';

describe('schema/daemonkit.config.schema.json', () => {
  it('is what the zod schema generates (run `pnpm --filter daemonkit schema` after changing the schema)', () => {
    const committed = readFileSync(new URL('../../schema/daemonkit.config.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(configJsonSchema());
  });

  it('describes every app field for editors', () => {
    const schema = JSON.parse(configJsonSchema()) as { properties: { apps: { additionalProperties: { properties: Record<string, { description?: string }> } } } };
    const fields = schema.properties.apps.additionalProperties.properties;
    for (const [name, field] of Object.entries(fields)) {
      if (name !== '$comment') expect(field.description, name).toBeTruthy();
    }
  });
});
