import { describe, expect, it } from 'vitest';
import { startArgsToConfig } from '../../src/commands/start-args.js';
import { configToDaemonOptions, resolveConfig } from '../../src/config/resolve.js';

describe('start <name> [flags] -- <command>: a config of one app', () => {
  it('maps every flag onto the app, through the same config checks', () => {
    const { name, config, waitReady } = startArgsToConfig(
      ['api', '--preset', 'pm2', '--max-restarts', '15', '--instances', '2', '--kill-signal', 'sigint', '--kill-timeout', '10s',
        '--log', 'api.log', '--max-log-size', '10MB', '--max-log-files', '3', '--compress-logs', '--timestamps', '--wait-ready', '--', 'node', 'api.js', '--port', '80'],
      '/srv/api',
    );
    expect(name).toBe('api');
    expect(waitReady).toBe(true);
    expect(config).toEqual({
      name: 'api',
      apps: {
        api: {
          command: 'node',
          args: ['api.js', '--port', '80'],
          cwd: '/srv/api',
          instances: 2,
          policy: { preset: 'pm2', options: { maxRestarts: 15 } },
          killSignal: 'SIGINT',
          killTimeout: 10_000,
          logs: { file: 'api.log', maxSize: 10_000_000, maxFiles: 3, compress: true, timestamps: true },
        },
      },
    });
    // Rotation settings pass whole to the core, which checks them.
    expect(configToDaemonOptions(resolveConfig(config, { dir: '/srv/api' }), { home: '/state' }).services.api!.logFile).toEqual({
      path: '/srv/api/api.log',
      maxBytes: 10_000_000,
      maxFiles: 3,
      compress: true,
      timestamps: true,
    });
    const { config: plain } = startArgsToConfig(['api', '--kill-timeout', '10s', '--log', 'api.log', '--', 'node', 'api.js'], '/srv/api');
    const options = configToDaemonOptions(resolveConfig(plain, { dir: '/srv/api' }), { home: '/state' });
    expect(options.services.api).toMatchObject({ logFile: '/srv/api/api.log', killTimeoutMs: 10_000 });
  });

  it('without log flags, the core decides the log file (<home>/<name>.<app>.log)', () => {
    const { config } = startArgsToConfig(['worker', '--', 'node', 'w.js'], '/srv');
    expect(configToDaemonOptions(resolveConfig(config, { dir: '/srv' }), { home: '/state' })).toEqual({
      name: 'worker',
      home: '/state',
      services: { worker: { command: 'node', args: ['w.js'], cwd: '/srv' } },
    });
  });

  it.each([
    [['api'], 'expected a name and a command'],
    [['api', '--max-log-size', '1MB', '--', 'x'], 'need --log <file>'],
    [['api', '--log', 'a.log', '--max-log-size', 'big', '--', 'x'], '--max-log-size: expected a size'],
    [['api', '--kill-timeout', 'soon', '--', 'x'], '--kill-timeout: expected a duration'],
  ])('%j: %s', (argv, message) => {
    expect(() => startArgsToConfig(argv, '/srv')).toThrow(message);
  });
});
