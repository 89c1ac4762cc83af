import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configToDaemonOptions, resolveConfig } from '../../src/config/resolve.js';
import { UsageError } from '../../src/errors.js';

const dir = '/srv/shop';
const resolveIn = (config: unknown) => resolveConfig(config, { dir });

describe('resolveConfig', () => {
  it('resolves paths from the config folder, durations to ms, sizes to bytes, null env to removal', () => {
    const config = resolveIn({
      name: 'shop',
      strategy: 'rest-for-one',
      intensity: { maxRestarts: 3, period: '30s' },
      apps: {
        db: { command: './db', cwd: 'db', killTimeout: '10s', killSignal: 'SIGINT', logs: 'logs/db.log' },
        web: {
          command: 'node',
          args: ['server.js'],
          env: { PORT: '8080', DEBUG: null },
          instances: 2,
          policy: 'pm2',
          logs: { file: 'logs/web.log', maxSize: '10MB', maxFiles: 3, compress: true, timestamps: true },
        },
        job: { command: 'node', args: ['job.js'], restart: 'transient', policy: undefined, killTimeout: 250 },
      },
    });
    expect(config).toEqual({
      name: 'shop',
      strategy: 'rest-for-one',
      intensity: { maxRestarts: 3, periodMs: 30_000 },
      apps: {
        db: { command: './db', cwd: '/srv/shop/db', killTimeoutMs: 10_000, killSignal: 'SIGINT', logFile: '/srv/shop/logs/db.log' },
        web: {
          command: 'node',
          args: ['server.js'],
          cwd: '/srv/shop',
          env: { PORT: '8080', DEBUG: null },
          instances: 2,
          policy: { preset: 'pm2' },
          logFile: { path: '/srv/shop/logs/web.log', maxBytes: 10_000_000, maxFiles: 3, compress: true, timestamps: true },
        },
        job: { command: 'node', args: ['job.js'], cwd: '/srv/shop', restart: 'transient', killTimeoutMs: 250 },
      },
    });
  });

  it('names the guard after the config folder by default', () => {
    expect(resolveIn({ apps: { a: { command: 'x' } } }).name).toBe('shop');
  });

  it.each([
    [{ apps: { web: { command: 'node', instances: 0 } } }, 'apps.web.instances: expected a positive integer, got 0'],
    [{ apps: { web: { command: '' } } }, 'apps.web.command: expected a non-empty command, got ""'],
    [{ apps: { web: { args: [] } } }, 'apps.web.command: expected a command (a string), got nothing'],
    [{ apps: { web: { command: 'node', comand: 'x' } } }, 'apps.web.comand: unknown key; did you mean `command`?'],
    [{ apps: { web: { command: 'node', logs: { file: 'x', maxsize: 1 } } } }, 'apps.web.logs.maxsize: unknown key; did you mean `maxSize`?'],
    [{ apps: { web: { command: 'node', killTimeout: '5 minutes' } } }, 'apps.web.killTimeout: expected a duration'],
    [{ apps: { web: { command: 'node', policy: 'pm3' } } }, 'apps.web.policy: expected a preset name'],
    [{ apps: { web: { command: 'node', restart: 'always' } } }, 'apps.web.restart: expected'],
    [{ apps: { web: { command: 'node', restart: 'permanent', policy: 'pm2' } } }, 'apps.web: give `restart` or `policy`, not both'],
    [{ apps: {} }, 'apps: expected at least one app'],
    [{ app: {} }, 'app: unknown key; did you mean `apps`?'],
    [{ strategy: 'one-for-none', apps: { a: { command: 'x' } } }, 'strategy: expected'],
    [[], '(top level): expected object'],
  ])('%j -> %s', (config, message) => {
    let error: unknown;
    try {
      resolveIn(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message.startsWith(`daemonkit.config.json: ${message}`)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('configToDaemonOptions: the options of the control plane\'s startDaemon()', () => {
  it('makes one guard of all the apps, logging by default to <home>/<name>.<app>.log', () => {
    const config = resolveIn({ name: 'shop', strategy: 'one-for-all', apps: { web: { command: 'node', args: ['s.js'], logs: 'web.log' }, jobs: { command: 'node' } } });
    expect(configToDaemonOptions(config, { home: '/state', waitReady: true })).toEqual({
      name: 'shop',
      strategy: 'one-for-all',
      home: '/state',
      waitReady: true,
      services: {
        web: { command: 'node', args: ['s.js'], cwd: '/srv/shop', logFile: '/srv/shop/web.log' },
        jobs: { command: 'node', cwd: '/srv/shop' },
      },
    });
  });

  it('passes `logs.file` as a path (the direct mode), and rotation settings whole, as the core\'s logFile', () => {
    const config = (logs: unknown) => resolveIn({ name: 'shop', apps: { web: { command: 'node', logs } } });
    expect(configToDaemonOptions(config({ file: 'web.log' }), { home: '/state' }).services.web!.logFile).toBe('/srv/shop/web.log');
    expect(configToDaemonOptions(config({ file: 'web.log', compress: false }), { home: '/state' }).services.web!.logFile).toBe('/srv/shop/web.log');
    expect(configToDaemonOptions(config({ file: 'web.log', maxSize: '10MB', maxFiles: 3, timestamps: true }), { home: '/state' }).services.web!.logFile).toEqual({
      path: '/srv/shop/web.log',
      maxBytes: 10_000_000,
      maxFiles: 3,
      timestamps: true,
    });
  });

  it('turns unlimited policy values ("Infinity" in JSON) into Infinity for the guard', () => {
    const config = resolveIn({ name: 'shop', apps: { web: { command: 'node', policy: { preset: 'restart', options: { maxRestarts: 'Infinity' } } } } });
    expect(configToDaemonOptions(config, { home: '/state' }).services.web!.policy).toEqual({ preset: 'restart', options: { maxRestarts: Number.POSITIVE_INFINITY } });
  });
});

describe('loadConfig', () => {
  let tmp: string | undefined;
  afterEach(() => tmp && rmSync(tmp, { recursive: true, force: true }));
  const write = (text: string) => {
    tmp = mkdtempSync(join(tmpdir(), 'daemonkit-config-'));
    writeFileSync(join(tmp, 'daemonkit.config.json'), text);
    return tmp;
  };

  it('reads a file relative to the working folder', () => {
    const at = write(JSON.stringify({ apps: { web: { command: 'node', policy: { preset: 'systemd', options: { restart: 'always' } } } } }));
    expect(loadConfig('daemonkit.config.json', at).apps.web!.cwd).toBe(at);
  });

  it('checks each policy with the core, naming the option by its config path', () => {
    const at = write(JSON.stringify({ apps: { web: { command: 'node', policy: { preset: 'pm2', options: { maxRestarts: -2 } } } } }));
    expect(() => loadConfig('daemonkit.config.json', at)).toThrow(/^daemonkit\.config\.json: apps\.web\.policy\.options\.maxRestarts: presets\.pm2\(\): expected/);
  });

  it('says what is wrong with a missing file or bad JSON, in one line', () => {
    const at = write('{ "apps": ');
    expect(() => loadConfig('daemonkit.config.json', at)).toThrow(/^daemonkit\.config\.json: not valid JSON: /);
    expect(() => loadConfig('nope.json', at)).toThrow('nope.json not found (daemonkit init writes a starter config)');
  });
});
