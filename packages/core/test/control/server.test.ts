import { connect as netConnect, type Socket } from 'node:net';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EventEmitter } from 'eventemitter3';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, NotRunningError, RemoteError } from '../../src/control/client.js';
import { listenControl, MAX_QUEUED_BYTES, type ControlServer } from '../../src/control/server.js';
import { MAX_LINE_BYTES } from '../../src/control/protocol.js';
import type { ControlTarget } from '../../src/control/target.js';
import { followLog, readLogTail } from '../../src/logs/read-tail.js';
import { tempDir } from '../../../../test/helpers/supervisors.js';

/** A tree of one child `web`, driven by the test: no process is spawned. */
function fakeTarget() {
  const events = new EventEmitter();
  const calls: string[] = [];
  const target: ControlTarget = {
    state: 'running',
    statuses: () => [{ id: 'web', state: 'running', pid: 4_000_000_001, attempt: 2, restarts: 1 }],
    reopenLogs: () => void calls.push('reopen'),
    stop: async () => {
      calls.push('stop');
      return { reason: 'requested' };
    },
    restart: async (child, rolling) => {
      if (child === 'nope') throw new TypeError('restart(): no child "nope" in this tree (children: web)');
      calls.push(`restart ${child} ${rolling}`);
    },
    signal: (signal, child) => void calls.push(`signal ${signal} ${child}`),
    subscribe(listener) {
      const handler = (name: string, payload: Record<string, unknown>) => listener(name, payload);
      events.on('event', handler);
      return () => events.off('event', handler);
    },
  };
  const emit = (name: string, payload: Record<string, unknown>) => events.emit('event', name, { ...payload, child: 'web' });
  return { target, emit, calls, listeners: () => events.listenerCount('event') };
}

const servers: ControlServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(fake = fakeTarget()) {
  const dir = tempDir();
  const socketPath = join(dir, 'g.sock');
  let now = 1_000_000;
  const server = await listenControl({
    socketPath,
    greeting: { daemonkit: 1, pid: process.pid, name: 'g', startedAt: new Date().toISOString(), version: '0.1.0' },
    target: fake.target,
    now: () => now,
    logFileOf: () => join(dir, 'web.log'),
    hasReadiness: () => false,
    tail: async ({ lines, follow }, send, signal) => {
      if (follow) return followLog(join(dir, 'web.log'), send, signal, { lines, intervalMs: 20 });
      for (const line of readLogTail(join(dir, 'web.log'), lines)) send(line);
    },
  });
  servers.push(server);
  return { ...fake, socketPath, server, advance: (ms: number) => (now += ms) };
}

/** A raw connection: lines as they come. */
function raw(socketPath: string): { socket: Socket; lines: string[]; next: () => Promise<string>; closed: Promise<void> } {
  const socket = netConnect(socketPath);
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  let buffer = '';
  socket.on('data', (chunk) => {
    buffer += chunk.toString();
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { socket, lines, closed, next: () => (lines.length > 0 ? Promise.resolve(lines.shift() as string) : new Promise((r) => waiting.push(r))) };
}

describe('the control server', () => {
  it('greets, then answers status with the children, durations from its own clock and instants in wall-clock ISO', async () => {
    const s = await serve();
    const remote = await connect({ socket: s.socketPath });
    expect(remote.greeting).toMatchObject({ daemonkit: 1, pid: process.pid, name: 'g' });
    s.emit('spawn', { pid: 4_000_000_001, attempt: 2, startedAt: 1_000_000 });
    s.emit('heartbeat', { pid: 4_000_000_001, attempt: 2, memory: { rss: 1234, heapUsed: 1 } });
    s.advance(1500);
    const report = await remote.status();
    expect(report.guard).toMatchObject({ pid: process.pid, name: 'g', uptimeMs: 1500, state: 'running' });
    expect(report.children).toEqual([
      expect.objectContaining({ id: 'web', service: 'web', pid: 4_000_000_001, attempt: 2, restarts: 1, uptimeMs: 1500, memoryBytes: 1234, ready: false }),
    ]);
    remote.close();
  });

  it('passes restart, signal and reopen-logs on, and answers mistakes with errors naming the value', async () => {
    const s = await serve();
    const remote = await connect({ socket: s.socketPath });
    await remote.restart('web', { rolling: true });
    await remote.signal('SIGHUP', 'web');
    await remote.reopenLogs();
    expect(s.calls).toEqual(['restart web true', 'signal SIGHUP web', 'reopen']);
    await expect(remote.signal('SIGNOPE' as NodeJS.Signals)).rejects.toThrow(/`signal` must be a signal name.*"SIGNOPE"/);
    await expect(remote.restart('nope')).rejects.toMatchObject({ name: 'RemoteError', code: 'invalid-params', message: expect.stringContaining('"nope"') });
    remote.close();
  });

  it('delivers subscribed events with the payloads of the in-process tree (instants back as epoch ms)', async () => {
    const s = await serve();
    const remote = await connect({ socket: s.socketPath });
    const crash = new Promise((resolve) => remote.on('crash', resolve));
    // Requests on a connection are handled in order: once this one is answered, the subscription is in place.
    await remote.status();
    expect(s.listeners()).toBe(2);
    const run = { attempt: 1, pid: 4_000_000_001, startedAt: 999_000, endedAt: 1_000_000, runtimeMs: 1000, outcome: { kind: 'exited', code: 1 }, stopRequested: false };
    s.emit('crash', { run, consecutiveFailures: 3, lines: ['boom'] });
    const payload = (await crash) as { child: string; run: { startedAt: number; runtimeMs: number }; lines: string[] };
    expect(payload).toMatchObject({ child: 'web', consecutiveFailures: 3, lines: ['boom'], run: { runtimeMs: 1000, outcome: { kind: 'exited', code: 1 } } });
    // The guard's instant 1 s before its "now" arrives as a wall-clock time about 1 s ago.
    expect(Math.abs(Date.now() - 1000 - payload.run.startedAt)).toBeLessThan(5000);
    remote.close();
  });

  it('tails the last lines of a log, then follows it across a rotation until the reader stops', async () => {
    const s = await serve();
    const log = join(dirname(s.socketPath), 'web.log');
    writeFileSync(log, Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') + '\n');
    const remote = await connect({ socket: s.socketPath });
    const last: string[] = [];
    for await (const line of remote.tail({ lines: 3 })) last.push(line);
    expect(last).toEqual(['line 97', 'line 98', 'line 99']);

    const followed: string[] = [];
    const reader = (async () => {
      for await (const line of remote.tail({ lines: 1, follow: true })) {
        followed.push(line);
        if (line === 'after rotation') break;
      }
    })();
    await expect.poll(() => followed).toEqual(['line 99']);
    appendFileSync(log, 'appended\npartial');
    await expect.poll(() => followed).toEqual(['line 99', 'appended']);
    appendFileSync(log, ' line\n');
    await expect.poll(() => followed.at(-1)).toBe('partial line');
    renameSync(log, `${log}.1`);
    writeFileSync(log, 'after rotation\n');
    await reader;
    expect(followed).toEqual(['line 99', 'appended', 'partial line', 'after rotation']);
    // The follow ended on the guard's side too: the connection still serves requests.
    expect((await remote.status()).children).toHaveLength(1);
    remote.close();
  });

  it('survives bad input: invalid JSON, unknown methods, a line over 1 MiB (disconnected), and still serves others', async () => {
    const s = await serve();
    const c = raw(s.socketPath);
    expect(JSON.parse(await c.next())).toMatchObject({ daemonkit: 1 });
    c.socket.write('{oops\n');
    expect(JSON.parse(await c.next())).toMatchObject({ id: null, error: { code: 'parse-error' } });
    c.socket.write('{"id":3,"method":"shutdown-everything"}\n');
    expect(JSON.parse(await c.next())).toMatchObject({ id: 3, error: { code: 'unknown-method' } });
    c.socket.write(Buffer.alloc(MAX_LINE_BYTES + 10, 'x'));
    expect(JSON.parse(await c.next())).toMatchObject({ error: { code: 'line-too-long' } });
    await c.closed;
    const remote = await connect({ socket: s.socketPath });
    expect((await remote.status()).children).toHaveLength(1);
    remote.close();
  });

  it('drops a subscriber that does not read, with a notice, and keeps its memory bounded', async () => {
    const s = await serve();
    const c = raw(s.socketPath);
    await c.next();
    c.socket.write('{"id":"sub","method":"subscribe"}\n');
    expect(JSON.parse(await c.next())).toMatchObject({ id: 'sub', result: { subscribed: expect.any(Array) } });
    c.socket.pause();
    const big = { lines: [Buffer.alloc(60_000, 'y').toString()] };
    // Far more than the bound: the server stops queueing once the client is dropped.
    for (let i = 0; i < (4 * MAX_QUEUED_BYTES) / 60_000; i++) s.emit('crash', { ...big, consecutiveFailures: i });
    expect(s.listeners()).toBe(1); // only the server's own tracker is left
    c.socket.resume();
    let notice: { notice?: string; message?: string } | undefined;
    while (!notice) {
      const message = JSON.parse(await c.next()) as { notice?: string };
      if (message.notice) notice = message;
    }
    expect(notice).toMatchObject({ notice: 'dropped', message: expect.stringContaining('too slowly') });
    c.socket.destroy();
  });

  it('does not wait on a client that stops reading when it closes', async () => {
    const s = await serve();
    const c = raw(s.socketPath);
    await c.next();
    c.socket.pause();
    await s.server.close();
    servers.splice(servers.indexOf(s.server), 1);
    c.socket.destroy();
  });

  it('takes 1,000 connections opened and dropped, and still answers', async () => {
    const s = await serve();
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, () => {
          const c = raw(s.socketPath);
          c.socket.on('connect', () => c.socket.destroy());
          c.socket.on('error', () => {});
          return c.closed;
        }),
      );
    }
    const remote = await connect({ socket: s.socketPath });
    expect((await remote.status()).guard.name).toBe('g');
    remote.close();
    await remote.closed;
  });

  it('replaces the socket file of a dead guard, and refuses to start where a guard answers', async () => {
    const s = await serve();
    await expect(
      listenControl({
        socketPath: s.socketPath,
        greeting: { daemonkit: 1, pid: process.pid, name: 'g2', startedAt: '', version: '' },
        target: s.target,
        now: () => 0,
        logFileOf: () => undefined,
        hasReadiness: () => false,
        tail: async () => {},
      }),
    ).rejects.toThrow(/Already running: a guard answers/);
  });
});

describe('connect()', () => {
  it('names where it looked when nothing runs', async () => {
    const dir = tempDir();
    const error = await connect({ name: 'ghost', home: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotRunningError);
    expect((error as Error).message).toContain(join(dir, 'ghost.sock'));
    expect((error as Error).message).toContain('daemon "ghost"');
  });

  it('rejects the requests in flight when the guard goes away', async () => {
    const fake = fakeTarget();
    let reached!: () => void;
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    const restart = () => {
      reached();
      return new Promise<void>(() => {});
    };
    const s = await serve({ ...fake, target: { ...fake.target, restart } });
    const remote = await connect({ socket: s.socketPath });
    const pending = remote.restart('web').catch((error: unknown) => error);
    await arrived;
    await s.server.close();
    servers.splice(servers.indexOf(s.server), 1);
    expect(await pending).toBeInstanceOf(RemoteError);
  });
});
