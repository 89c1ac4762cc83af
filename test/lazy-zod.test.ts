import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// zod costs ~100 ms and ~11 MiB to load: importing the built package must not load it, so that programs that only
// import daemonkit (and every restart of a worker) do not pay for it. Parsing options does load it.
const probe = (body: string) =>
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       const core = await import('@daemonkit/core');
       ${body}
       const loaded = Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('/zod/'));
       console.log(JSON.stringify({ loaded }));`,
    ],
    { cwd: new URL('..', import.meta.url), encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
  );

describe('zod is loaded lazily', () => {
  it('is not loaded by importing the built package', () => {
    expect(JSON.parse(probe(''))).toEqual({ loaded: false });
  });

  it('is loaded once options are parsed', () => {
    expect(JSON.parse(probe('core.restartPolicy({ maxRestarts: 3 });'))).toEqual({ loaded: true });
  });
});
