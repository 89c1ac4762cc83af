import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, Supervisor, type LogFileOptions } from '../../src/index.js';
import { FakeSpawner } from '../supervisor/fakes.js';

const make = (logFile: unknown) => () => new Supervisor({ command: 'x', spawner: new FakeSpawner(), logFile: logFile as LogFileOptions });

describe('logFile options', () => {
  it.each([
    ['app.log'],
    [{ path: 'app.log' }],
    [{ path: 'app.log', maxBytes: 1024, maxFiles: 0, compress: true, stderrFile: 'err.log', timestamps: true }],
    [{ path: 'app.log', timestamps: true }],
  ])('accepts %j', (logFile) => {
    expect(make(logFile)).not.toThrow();
  });

  it.each([
    ['', 'expected `logFile` to be a non-empty string, got `""` (string)'],
    [42, 'expected `logFile` to be a path, or an object'],
    [{ maxBytes: 10 }, 'expected `logFile.path` to be a non-empty string, got `undefined`'],
    [{ path: 'a', maxBytes: -1 }, 'expected `logFile.maxBytes` to be a positive integer number of bytes, got `-1` (number)'],
    [{ path: 'a', maxBytes: 1.5 }, 'expected `logFile.maxBytes` to be a positive integer number of bytes, got `1.5` (number)'],
    [{ path: 'a', maxBytes: 9, maxFiles: -2 }, 'expected `logFile.maxFiles` to be a non-negative integer, got `-2` (number)'],
    [{ path: 'a', maxBytes: 9, compress: 'yes' }, 'expected `logFile.compress` to be a boolean, got `"yes"` (string)'],
    [{ path: 'a', timestamps: 1 }, 'expected `logFile.timestamps` to be a boolean, got `1` (number)'],
    [{ path: 'a', stderrFile: 'a' }, '`logFile.stderrFile` is `logFile.path` ("a")'],
    [{ path: 'a', maxFiles: 3 }, '`logFile.maxFiles` applies to rotated files, and `logFile.maxBytes` (when to rotate) is not set'],
    [{ path: 'a', compress: true }, '`logFile.compress` applies to rotated files'],
    [{ path: 'a', max_size: 10 }, 'option `logFile.max_size` is named `logFile.maxBytes`'],
    [{ path: 'a', retain: 10 }, 'option `logFile.retain` is named `logFile.maxFiles`'],
    [{ path: 'a', colour: true }, 'unknown option `logFile.colour`'],
  ])('rejects %j', (logFile, message) => {
    expect(make(logFile)).toThrow(InvalidOptionsError);
    expect(make(logFile)).toThrow(message);
  });
});

describe("daemon()'s services take the same logFile", () => {
  it('accepts the object form, and names the service in a mistake', async () => {
    const { buildServiceTree } = await import('../../src/daemon/services.js');
    const build = (logFile: unknown) => () => buildServiceTree({ services: { web: { command: 'x', logFile: logFile as LogFileOptions } } }, 1);
    expect(build({ path: 'web.log', maxBytes: 1024, compress: true, maxFiles: 2 })).not.toThrow();
    expect(build({ path: 'web.log', maxBytes: 0 })).toThrow('daemon(): expected `services.web.logFile.maxBytes` to be a positive integer number of bytes, got `0` (number)');
  });
});
