import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { daemonStatus, stopDaemon, type DaemonReport } from '@daemonkit/core';
import { cliEnv, fixture, runCli, startCli, waitForText, waitGone } from '../helpers/cli.js';
import { defer } from '../helpers/cleanup.js';
import { registerPid } from '../helpers/pid-registry.js';
import { isAlive } from '../helpers/process-liveness.js';
import type { Finished } from '../helpers/programs.js';
import { readText, waitForLine } from '../helpers/programs.js';
import { tempDir } from '../helpers/supervisors.js';

// The daemon commands through the real bin, each test in its own state folder (DAEMONKIT_HOME). Every guard a test
// starts is registered for the leak check (its children register themselves: the fixtures import register.mjs)
// and stopped after the test through the core's stopDaemon().

const node = process.execPath;
const LONG = 120_000;

/** A state folder, and `daemonkit` run in it; every guard named in `guards` is stopped after the test. */
function stateFolder() {
  const home = tempDir();
  const env = cliEnv({ DAEMONKIT_HOME: home });
  const guards = new Set<string>();
  defer(async () => {
    for (const name of guards) await stopDaemon({ name, home, timeoutMs: 20_000 });
  });
  const cli = (args: readonly string[], cwd?: string) => runCli(args, { env, ...(cwd ? { cwd } : {}) });
  /** `daemonkit start ...`: the guard is registered as soon as it is known, and stopped after the test. */
  const start = async (guard: string, args: readonly string[], cwd?: string): Promise<Finished & { pid: number }> => {
    guards.add(guard);
    const r = await cli(['start', ...args], cwd);
    expect(r, r.stderr).toMatchObject({ code: 0, stderr: '' });
    const pid = Number(/guard pid (\d+)/.exec(r.stdout)?.[1]);
    registerPid(pid);
    return { ...r, pid };
  };
  const report = async (name: string): Promise<DaemonReport> => {
    const r = await cli(['status', name, '--json']);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as DaemonReport[])[0]!;
  };
  return { home, env, cli, start, report };
}

const oneLine = (r: Finished) => {
  expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

describe('daemonkit start <name> -- <command>: a flaky app', () => {
  it('start, status, logs, restart, signal, events, stop, and status 3 once stopped', { timeout: LONG }, async () => {
    const { home, env, cli, start, report } = stateFolder();
    const started = await start('flaky', ['flaky', '--backoff', '100ms', '--', node, fixture('exit-with.mjs'), '3', '400']);
    expect(started.stdout).toMatch(/^flaky: started, guard pid \d+ \(its log: .*flaky\.log\)\n {2}flaky +pid \d+ +log .*flaky\.flaky\.log\n$/);
    expect(daemonStatus({ name: 'flaky', home })).toEqual({ running: true, pid: started.pid });

    // It crashes and is restarted by its policy; the guard stays up (its policy alone decides, not the tree's intensity).
    await vi.waitFor(async () => expect((await report('flaky')).children[0]!.restarts).toBeGreaterThanOrEqual(6), { timeout: 60_000, interval: 200 });
    const table = await cli(['status']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^name +child +state +pid +uptime +restarts +last exit +memory\n/);
    expect(table.stdout).toMatch(/\nflaky +flaky +\w+ .*exited with code 3 after \d+ ms/);

    const logs = await cli(['logs', 'flaky', '-n', '2']);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/^exit-with pid=\d+ code=3\nexit-with pid=\d+ code=3\n$/);

    const restarted = await cli(['restart', 'flaky']);
    expect(restarted).toMatchObject({ code: 0, stderr: '' });
    expect(restarted.stdout).toMatch(/^flaky: restarted \(flaky pid (\d+|-)\)\n$/);

    const events = startCli(['events', 'flaky', '--json'], { env });
    const crash = await waitForText(events.stdout, /^\{"time":"[^"]+","event":"crash",.*$/m, 60_000);
    expect(JSON.parse(crash[0])).toMatchObject({ event: 'crash', child: 'flaky', run: { outcome: { kind: 'exited', code: 3 } } });

    const follow = startCli(['logs', 'flaky', '-f', '-n', '0'], { env });
    await waitForText(follow.stdout, /exit-with pid=\d+ code=3\n/, 60_000);

    const pidsBefore = (await report('flaky')).children.flatMap((c) => (c.pid === undefined ? [] : [c.pid]));
    const stopped = await cli(['stop', 'flaky']);
    expect(stopped).toMatchObject({ code: 0, stdout: `flaky: stopped (guard pid ${started.pid})\n`, stderr: '' });
    for (const pid of [started.pid, ...pidsBefore]) expect(isAlive(pid), `pid ${pid}`).toBe(false);
    // The live commands end with the guard.
    expect(await events.finished).toMatchObject({ code: 0 });
    expect(await follow.finished).toMatchObject({ code: 0 });

    expect(await cli(['stop', 'flaky'])).toMatchObject({ code: 0, stdout: 'flaky: not running\n', stderr: '' });
    expect(await cli(['status', 'flaky'])).toMatchObject({ code: 3, stdout: 'flaky: not running\n' });
    expect(await cli(['status', 'flaky', '--json'])).toMatchObject({ code: 3, stdout: '[]\n' });
    // Not running: logs reads the file itself.
    const after = await cli(['logs', 'flaky', '-n', '1']);
    expect(after).toMatchObject({ code: 0, stderr: '' });
    expect(after.stdout).toMatch(/^exit-with pid=\d+ code=3\n$/);
    expect(existsSync(join(home, 'flaky.pid'))).toBe(false);
    expect(existsSync(join(home, 'flaky.sock'))).toBe(false);
  });

  it('an unknown name: status and stop exit 1 naming the state folder; other commands too', { timeout: LONG }, async () => {
    const { home, cli } = stateFolder();
    for (const args of [['status', 'nope'], ['stop', 'nope'], ['restart', 'nope'], ['logs', 'nope'], ['signal', 'nope', 'HUP']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toBe(`daemonkit ${args[0]}: no daemon or app named "nope" in ${home} (daemonkit list shows the guards)\n`);
    }
    expect(await cli(['status'])).toMatchObject({ code: 0, stdout: 'No daemons running.\n' });
    expect(await cli(['list'])).toMatchObject({ code: 0, stdout: `No daemons in ${home}.\n` });
    expect(await cli(['stop', '--all'])).toMatchObject({ code: 0, stdout: `No daemons running in ${home}.\n` });
    expect(await cli(['stop'])).toMatchObject({ code: 2, stderr: 'daemonkit stop: expected a name: daemonkit stop <name> | --all\n' });
    expect(await cli(['signal', 'x', 'SIGNOPE'])).toMatchObject({ code: 2 });
  });

  it('a command that cannot be spawned: one line, exit 1, and nothing left (no pid file, no socket, no process)', { timeout: LONG }, async () => {
    const { home, cli } = stateFolder();
    const r = await cli(['start', 'gone', '--', join(home, 'no-such-program')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^daemonkit start: gone: gone: .*ENOENT.*\(see .*gone\.log\)\n$/);
    const [, guard] = /guard\[(\d+)\]/.exec(readText(join(home, 'gone.log'))) ?? [];
    expect(guard).toBeDefined();
    registerPid(Number(guard));
    await waitGone(Number(guard));
    expect(existsSync(join(home, 'gone.pid'))).toBe(false);
    expect(existsSync(join(home, 'gone.sock'))).toBe(false);
    expect(await cli(['status', 'gone'])).toMatchObject({ code: 3 });
  });

  it('flag errors are one line, exit 2, before anything starts', { timeout: LONG }, async () => {
    const { home, cli } = stateFolder();
    const cases: Array<[string[], string]> = [
      [['start', 'x', '--instances', '0', '--', node], 'daemonkit start: --instances: expected a positive integer, got 0\n'],
      [['start', 'x', '--max-restarts', '-1', '--', node], 'daemonkit start: --max-restarts: restartPolicy(): expected `maxRestarts` to be a non-negative integer or Infinity, got `-1` (number)\n'],
      [['start', 'x', '--instancs', '2', '--', node], 'daemonkit start: unknown flag --instancs; did you mean --instances?\n'],
      [['start', 'x'], 'daemonkit start: expected a command: daemonkit start x [flags] -- <command> [args...] (or a daemonkit.config.json here, whose apps start names)\n'],
    ];
    for (const [args, stderr] of cases) expect(await cli(args, home), args.join(' ')).toMatchObject({ code: 2, stdout: '', stderr });
    expect(existsSync(join(home, 'x.pid'))).toBe(false);
  });
});

describe('daemonkit start with log rotation and unlimited restarts', () => {
  it('rotates at --max-log-size with --timestamps, and --max-restarts infinity reaches the guard', { timeout: LONG }, async () => {
    const { home, cli, start } = stateFolder();
    const log = join(home, 'out.log');
    await start('tick', ['tick', '--log', log, '--max-log-size', '2KB', '--max-log-files', '3', '--timestamps', '--max-restarts', 'infinity', '--', node, fixture('tick.mjs')]);
    // 2 KB holds about 40 stamped lines: at 200 lines a second the file has been rotated within a second or so.
    await vi.waitFor(() => expect(existsSync(`${log}.1`)).toBe(true), { timeout: 30_000, interval: 50 });
    expect(readText(`${log}.1`).split('\n')[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z tick \d+$/);
    expect(readFileSync(`${log}.1`).length).toBeLessThanOrEqual(2000);
    const r = await cli(['logs', 'tick', '-n', '2']);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });
});

describe('daemonkit start -c daemonkit.config.json: three apps in one guard', () => {
  // A generous intensity: the tree's default (5 restarts within 10 s) would stop a guard that these tests restart often.
  function writeConfig(dir: string, name: string, apps: Record<string, unknown>): string {
    const file = join(dir, 'daemonkit.config.json');
    writeFileSync(file, JSON.stringify({ name, intensity: { maxRestarts: 1000, period: '10s' }, apps }, null, 2));
    return file;
  }

  it('starts them as one tree; status, logs, restart, signal by app; stop refuses one app; stop the guard', { timeout: LONG }, async () => {
    const { home, cli, start, report } = stateFolder();
    const dir = tempDir();
    writeConfig(dir, 'shop', {
      web: { command: node, args: [fixture('sleep-forever.mjs')], instances: 2 },
      jobs: { command: node, args: [fixture('sleep-forever.mjs')], env: { JOBS: 'on' } },
      flaky: { command: node, args: [fixture('exit-with.mjs'), '1', '5000'], policy: { preset: 'restart', options: { backoff: 1000 } } },
    });
    const started = await start('shop', [], dir);
    expect(started.stdout.split('\n').slice(1, -1).map((l) => l.trim().split(/\s+/)[0])).toEqual(['shop/web#0', 'shop/web#1', 'shop/jobs', 'shop/flaky']);
    expect((await report('shop')).children.map((c) => [c.id, c.state])).toEqual([
      ['web#0', 'running'],
      ['web#1', 'running'],
      ['jobs', 'running'],
      ['flaky', 'running'],
    ]);

    // An app by its bare name (one guard has it), or as guard/app.
    const web = await cli(['status', 'web']);
    expect(web.code).toBe(0);
    expect(web.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['shop/web web#0', 'shop/web web#1']);
    expect((await cli(['status', 'shop/jobs', '--json'])).stdout).toContain('"id": "jobs"');

    await waitForLine(join(home, 'shop.jobs.log'), /sleep-forever pid=\d+/);
    const logs = await cli(['logs', 'shop', '-n', '5']);
    expect(logs.stdout).toMatch(/^web \| sleep-forever pid=\d+$/m);
    expect(logs.stdout).toMatch(/^jobs \| sleep-forever pid=\d+$/m);

    const before = (await report('shop')).children.filter((c) => c.service === 'web').map((c) => c.pid);
    const restarted = await cli(['restart', 'shop/web', '--rolling']);
    expect(restarted.code, restarted.stderr).toBe(0);
    const after = (await report('shop')).children.filter((c) => c.service === 'web').map((c) => c.pid);
    expect(after.every((pid) => pid !== undefined && !before.includes(pid))).toBe(true);

    expect(await cli(['signal', 'jobs', 'TERM'])).toMatchObject({ code: 0, stdout: 'shop/jobs: sent SIGTERM\n' });
    await waitForLine(join(home, 'shop.jobs.log'), /got SIGTERM/);

    const refused = await cli(['stop', 'shop/web']);
    expect(refused.code).toBe(1);
    oneLine(refused);
    expect(refused.stderr).toMatch(/^daemonkit stop: shop\/web is one app of the guard shop, which stops as a whole: `daemonkit stop shop`/);

    const list = await cli(['list']);
    expect(list.stdout).toMatch(new RegExp(`^name +pid +state\\nshop +${started.pid} +running\\n$`));

    const pids = [started.pid, ...(await report('shop')).children.flatMap((c) => (c.pid === undefined ? [] : [c.pid]))];
    expect(await cli(['stop', 'shop'])).toMatchObject({ code: 0, stdout: `shop: stopped (guard pid ${started.pid})\n` });
    for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false);
    // An app of the stopped guard is known (by its log): not running, exit 3; stop says so and exits 0.
    expect(await cli(['status', 'web'])).toMatchObject({ code: 3, stdout: 'shop/web: not running\n' });
    expect(await cli(['stop', 'web'])).toMatchObject({ code: 0, stdout: 'shop/web: not running\n' });
    expect(await cli(['stop', 'shop'])).toMatchObject({ code: 0, stdout: 'shop: not running\n' });
  });

  it('start with app names runs only those; an app name two guards share must be given as guard/app', { timeout: LONG }, async () => {
    const { cli, start, report } = stateFolder();
    const shop = tempDir();
    writeConfig(shop, 'shop', {
      web: { command: node, args: [fixture('sleep-forever.mjs')] },
      jobs: { command: node, args: [fixture('sleep-forever.mjs')] },
      mail: { command: node, args: [fixture('sleep-forever.mjs')] },
    });
    await start('shop', ['web', 'jobs'], shop);
    expect((await report('shop')).children.map((c) => c.id)).toEqual(['web', 'jobs']);
    const blog = tempDir();
    const file = writeConfig(blog, 'blog', { web: { command: node, args: [fixture('sleep-forever.mjs')] } });
    await start('blog', ['-c', file]);

    const ambiguous = await cli(['status', 'web']);
    expect(ambiguous).toMatchObject({ code: 1, stderr: 'daemonkit status: web is an app of several guards: say which, blog/web or shop/web\n' });
    expect((await cli(['status', 'blog/web'])).code).toBe(0);
    expect(await cli(['status', 'shop/mail'])).toMatchObject({ code: 1 });
    expect(await cli(['start', 'nope'], shop)).toMatchObject({ code: 2, stderr: 'daemonkit start: daemonkit.config.json has no app "nope" (its apps: web, jobs, mail)\n' });
    const again = await cli(['start'], shop);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^daemonkit start: shop is already running \(guard pid \d+\): `daemonkit restart shop` replaces its apps/);
    expect(await cli(['stop', '--all'])).toMatchObject({ code: 0 });
    expect(await cli(['status'])).toMatchObject({ code: 0, stdout: 'No daemons running.\n' });
  });

  it('bad configs: one line naming the file and path, exit 2, nothing started', { timeout: LONG }, async () => {
    const { home, cli } = stateFolder();
    const dir = tempDir();
    const cases: Array<[string, string]> = [
      ['{ "apps": ', /^daemonkit start: daemonkit\.config\.json: not valid JSON: /.source],
      [JSON.stringify({ name: 'bad', apps: { web: { command: node, instances: 0 } } }), 'daemonkit start: daemonkit.config.json: apps.web.instances: expected a positive integer, got 0\n'],
      [JSON.stringify({ name: 'bad', apps: { web: { comand: node } } }), 'daemonkit start: daemonkit.config.json: apps.web.comand: unknown key; did you mean `command`?\n'],
      [JSON.stringify({ name: 'bad', apps: { web: { command: node, policy: { preset: 'pm2', options: { maxRestarts: -2 } } } } }), 'daemonkit start: daemonkit.config.json: apps.web.policy.options.maxRestarts: presets.pm2(): expected'],
      [JSON.stringify({ name: 'bad', apps: { web: { command: node, logs: { file: 'w.log', maxFiles: 3 } } } }), '^daemonkit start: daemonkit.config.json: .*`logFile.maxFiles` applies to rotated files, and `logFile.maxBytes` \\(when to rotate\\) is not set\n$'],
    ];
    for (const [text, expected] of cases) {
      writeFileSync(join(dir, 'daemonkit.config.json'), text);
      const r = await cli(['start'], dir);
      expect(r.code, text).toBe(2);
      oneLine(r);
      if (expected.startsWith('^')) expect(r.stderr).toMatch(new RegExp(expected));
      else expect(r.stderr.startsWith(expected), r.stderr).toBe(true);
    }
    expect(await cli(['start', '-c', 'missing.json'], dir)).toMatchObject({ code: 1, stderr: 'daemonkit start: missing.json not found (daemonkit init writes a starter config)\n' });
    expect(existsSync(join(home, 'bad.pid'))).toBe(false);
    expect(readFileSync(join(dir, 'daemonkit.config.json'), 'utf8')).toContain('w.log');
  });
});
