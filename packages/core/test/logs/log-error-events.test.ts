import { describe, expect, it } from 'vitest';
import { exited, type LogFs } from '@daemonkit/core';
import { expectInvariants, flush, harness, settle } from '../supervisor/harness.js';

/** A file system in memory whose opens fail once `failOpens` is set (a reopen onto a full or missing disk). */
function memoryFs(): LogFs & { failOpens: boolean } {
  const seam = {
    failOpens: false,
    openAppend: () => {
      if (seam.failOpens) throw Object.assign(new Error('ENOSPC: no space left on device, open'), { code: 'ENOSPC' });
      return 100;
    },
    openRead: () => 101,
    write: (_fd: number, _b: Uint8Array, _o: number, length: number) => length,
    read: () => 0,
    close: () => {},
    fstat: () => ({ size: 0, ino: 1, dev: 1 }),
    stat: () => ({ size: 0, ino: 1, dev: 1 }),
    rename: () => {},
    unlink: () => {},
    readdir: () => [],
    gzip: (_fd: number, _to: string, _mode: number, done: (error?: Error) => void) => done(),
  };
  return seam;
}

describe('log-error as a lifecycle event', () => {
  it('is emitted through the machine: stop() from its listener comes after it, and nothing follows stop', async () => {
    const logFs = memoryFs();
    const h = harness({ logFile: { path: '/nowhere/app.log', timestamps: true }, logFs });
    h.supervisor.once('log-error', () => void h.supervisor.stop());
    h.supervisor.start();
    await flush();
    logFs.failOpens = true;
    h.supervisor.reopenLogs();
    await settle(h);
    await h.supervisor.done;
    expectInvariants(h);
    expect(h.names()).toEqual(['spawn', 'log-error', 'exit', 'stop']);
    const logError = h.events.find((e) => e.type === 'log-error');
    expect(logError?.payload).toEqual({ path: '/nowhere/app.log', code: 'ENOSPC', message: expect.stringContaining('ENOSPC'), droppedBytes: 0, droppedLines: 0, resumed: false });
    // After stop: a reopen is a no-op, and no event comes.
    h.supervisor.reopenLogs();
    await flush();
    expect(h.names().at(-1)).toBe('stop');
  });

  it('is not emitted when writing never failed', async () => {
    const logFs = memoryFs();
    const h = harness({ logFile: { path: '/nowhere/app.log', maxBytes: 10 }, logFs });
    h.supervisor.start();
    await flush();
    h.spawner.children[0]!.exit(exited(0));
    const stopped = h.supervisor.stop();
    await settle(h);
    await stopped;
    expectInvariants(h);
    expect(h.names()).not.toContain('log-error');
  });
});
