import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChildReport, DaemonReport } from '@daemonkit/core';
import { colorsFor } from '../../src/output/colors.js';
import { formatBytes, formatUptime, renderStatusJson, renderStatusTable, statusExitCode } from '../../src/output/status-table.js';

const plain = colorsFor({ isTTY: false }, {});
const guard = (name: string) => ({ pid: 100, name, startedAt: '2026-01-01T00:00:00.000Z', uptimeMs: 5000, version: '0.1.0', state: 'running' });
const child = (over: Partial<ChildReport>): ChildReport => ({
  id: 'web',
  service: 'web',
  state: 'running',
  attempt: 1,
  restarts: 0,
  consecutiveFailures: 0,
  ready: true,
  ...over,
});

describe('status table', () => {
  const reports: DaemonReport[] = [
    {
      guard: guard('shop'),
      children: [
        child({ id: 'web#0', service: 'web', pid: 4242, uptimeMs: 3_723_000, restarts: 2, lastExit: 'exited with code 1', memoryBytes: 52_428_800 }),
        child({ id: 'web#1', service: 'web', state: 'backoff', restarts: 12, lastExit: 'killed by SIGKILL' }),
      ],
    },
    { guard: guard('jobs'), children: [child({ id: 'jobs', service: 'jobs', state: 'stopped', lastExit: 'exited with code 0' })] },
  ];

  it('has a row per child with name, child, state, pid, uptime, restarts, last exit, memory', () => {
    expect(renderStatusTable(reports, plain)).toBe(
      [
        'name      child  state     pid  uptime  restarts  last exit           memory',
        'shop/web  web#0  running  4242  1h 2m          2  exited with code 1  50.0 MiB',
        'shop/web  web#1  backoff     -  -             12  killed by SIGKILL   -',
        'jobs      jobs   stopped     -  -              0  exited with code 0  -',
        '',
      ].join('\n'),
    );
  });

  it('keeps the columns aligned with colours on', () => {
    const colored = renderStatusTable(reports, colorsFor({ isTTY: true }, {}));
    // eslint-disable-next-line no-control-regex
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderStatusTable(reports, plain));
    expect(colored).not.toBe(renderStatusTable(reports, plain));
  });

  it('says when nothing runs, and --json gives the reports as they are', () => {
    expect(renderStatusTable([], plain)).toBe('No daemons running.\n');
    expect(JSON.parse(renderStatusJson(reports))).toEqual(reports);
  });

  it('exits 3 when none of the named children runs, 0 when one does', () => {
    expect(statusExitCode(reports)).toBe(0);
    expect(statusExitCode([reports[1]!])).toBe(3);
    expect(statusExitCode([])).toBe(3);
  });
});

describe('formatUptime and formatBytes', () => {
  it.each([
    [undefined, '-'],
    [999, '0s'],
    [59_000, '59s'],
    [61_000, '1m 1s'],
    [3_723_000, '1h 2m'],
    [93_784_000, '1d 2h'],
  ])('uptime %s -> %s', (ms, text) => expect(formatUptime(ms)).toBe(text));

  it.each([
    [undefined, '-'],
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [52_428_800, '50.0 MiB'],
  ])('memory %s -> %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it('never throws and is never empty', () => {
    fc.assert(
      fc.property(fc.double(), (v) => {
        expect(formatUptime(v).length).toBeGreaterThan(0);
        expect(formatBytes(v).length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('colorsFor', () => {
  it.each([
    [{ isTTY: true }, {}, true],
    [{ isTTY: false }, {}, false],
    [{ isTTY: true }, { NO_COLOR: '1' }, false],
    [{ isTTY: true }, { NO_COLOR: '' }, true],
    [{ isTTY: true }, { TERM: 'dumb' }, false],
    [{ isTTY: false }, { FORCE_COLOR: '1' }, true],
    [{ isTTY: false }, { FORCE_COLOR: '0' }, false],
  ])('%j with %j: colours %s', (stream, env, on) => {
    expect(colorsFor(stream, env).red('x') !== 'x').toBe(on);
  });
});
