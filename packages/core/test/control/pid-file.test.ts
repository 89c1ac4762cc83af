import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AlreadyRunningError, claimPidFile, ownRecord, parsePidRecord, proveGuard, releasePidFile } from '../../src/control/pid-file.js';
import { tempDir } from '../../../../test/helpers/supervisors.js';

describe('parsePidRecord', () => {
  it.each(['1\n', '', '{"daemonkit":1,"pid"', 'null', '{"daemonkit":1,"pid":1,"start":"5","boot":""}', '{"daemonkit":1,"pid":77,"start":"","boot":"b"}'])(
    'refuses %j',
    (text) => expect(parsePidRecord(text)).toBeUndefined(),
  );

  it('reads a record', () => {
    expect(parsePidRecord('{"daemonkit":1,"pid":77,"start":"123","boot":"b","name":"api","socket":"/s"}\n')).toEqual({
      daemonkit: 1,
      pid: 77,
      start: '123',
      boot: 'b',
      name: 'api',
      socket: '/s',
    });
  });
});

describe('proveGuard', () => {
  it('does not take a bare pid at its word: `echo 1 > app.pid` is not running, with a warning', () => {
    const file = join(tempDir(), 'app.pid');
    writeFileSync(file, '1\n');
    expect(proveGuard(file)).toEqual({ running: false, problem: expect.stringContaining('does not hold a daemonkit pid record') });
  });

  it('reads garbage, an empty (half-written) file and a folder as not running, never throwing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'garbage.pid'), '\u0000\u0001 not a pid');
    writeFileSync(join(dir, 'empty.pid'), '');
    for (const name of ['garbage.pid', 'empty.pid']) expect(proveGuard(join(dir, name))).toMatchObject({ running: false, problem: expect.any(String) });
    expect(proveGuard(dir)).toMatchObject({ running: false, problem: expect.stringContaining('not a regular file') });
    expect(proveGuard(join(dir, 'missing.pid'))).toEqual({ running: false });
  });

  it('proves a live process by pid, start time and boot, whatever the file mtime says (a wall-clock step)', () => {
    const file = join(tempDir(), 'app.pid');
    claimPidFile(file, ownRecord({ name: 'app' }));
    utimesSync(file, new Date('2001-01-01'), new Date('2001-01-01'));
    expect(proveGuard(file)).toMatchObject({ running: true, record: { pid: process.pid, name: 'app' } });
    utimesSync(file, new Date('2099-01-01'), new Date('2099-01-01'));
    expect(proveGuard(file).running).toBe(true);
  });

  it('calls a record whose start time differs stale: the pid was reused', () => {
    const file = join(tempDir(), 'app.pid');
    const own = ownRecord();
    writeFileSync(file, JSON.stringify({ ...own, start: String(Number(own.start) - 1) }));
    expect(proveGuard(file)).toMatchObject({ running: false, stale: { pid: process.pid } });
    writeFileSync(file, JSON.stringify({ ...own, boot: 'another-boot' }));
    expect(proveGuard(file).running).toBe(false);
  });

  it('does not trust a file another user owns', () => {
    const file = join(tempDir(), 'app.pid');
    claimPidFile(file, ownRecord());
    // Seen as another user: the file's owner is then not the current user.
    const uid = process.getuid?.() ?? 0;
    const spy = vi.spyOn(process, 'getuid').mockReturnValue(uid + 4242);
    try {
      expect(proveGuard(file)).toMatchObject({ running: false, problem: expect.stringContaining(`belongs to uid ${uid}`) });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('claimPidFile', () => {
  it('writes the whole record at once, replaces a stale one, refuses a live one, and releases only its own', () => {
    const file = join(tempDir(), 'app.pid');
    writeFileSync(file, 'garbage');
    const own = ownRecord({ name: 'a' });
    claimPidFile(file, own);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(own);
    // Claimed again by the same process (the guard after its launcher): fine.
    claimPidFile(file, own);
    // Another live process's claim: this process is proven alive, so the other loses.
    const other = { ...own, pid: process.ppid, start: '1' };
    const error = (() => {
      try {
        claimPidFile(file, other);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AlreadyRunningError);
    expect((error as AlreadyRunningError).pid).toBe(process.pid);
    releasePidFile(file, other);
    expect(proveGuard(file).running).toBe(true);
    releasePidFile(file, own);
    expect(proveGuard(file)).toEqual({ running: false });
  });
});
