import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, fixture, runCli, startCli, waitForText, waitGone } from '../helpers/cli.js';
import { runNode } from '../helpers/programs.js';
import { tempDir } from '../helpers/supervisors.js';

// `daemonkit` through the real bin (packages/cli/bin/daemonkit.js loading dist): what a user types, what they see.

const cliPackage = JSON.parse(readFileSync(new URL('../../packages/cli/package.json', import.meta.url), 'utf8')) as { version: string };

describe('daemonkit: version, help, errors', () => {
  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-v']) {
      const r = await runCli([flag]);
      expect(r).toMatchObject({ code: 0, stdout: `${cliPackage.version}\n`, stderr: '' });
    }
  });

  it('--help lists the commands and the exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const text of ['run [policy flags] -- <command>', 'explain', 'lint', 'init', 'start <name> [flags] -- <command>', 'stop <name> | --all', 'status [name] [--json]', '3  status']) {
      expect(r.stdout).toContain(text);
    }
  });

  it.each(['run', 'explain', 'lint', 'init', 'start', 'stop', 'restart', 'status', 'list', 'logs', 'reopen-logs', 'events', 'signal'])('%s --help has a usage line and an example', async (command) => {
    const r = await runCli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: daemonkit ${command}`));
    expect(r.stdout).toMatch(/\nExamples?:\n {2}daemonkit /);
  });

  it('an unknown command or flag is a usage error, one line, with the nearest name', async () => {
    expect(await runCli(['stauts'])).toMatchObject({ code: 2, stdout: '', stderr: 'daemonkit: unknown command "stauts"; did you mean status? (daemonkit --help lists the commands)\n' });
    expect(await runCli(['run', '--max-restars', '3', '--', 'true'])).toMatchObject({ code: 2, stderr: 'daemonkit run: unknown flag --max-restars; did you mean --max-restarts?\n' });
    expect(await runCli(['explain', '--preset', 'pm2', '--window', '3/1s'])).toMatchObject({
      code: 2,
      stderr: 'daemonkit explain: --window is not an option of --preset pm2; it is one of --preset restart\n',
    });
  });

  it("the core's option errors name the flag; DEBUG=daemonkit adds the stack", async () => {
    const r = await runCli(['run', '--max-restarts', '-1', '--', 'true']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('daemonkit run: --max-restarts: restartPolicy(): expected `maxRestarts` to be a non-negative integer or Infinity, got `-1` (number)\n');
    const debug = await runCli(['run', '--max-restarts', '-1', '--', 'true'], { env: cliEnv({ DEBUG: 'daemonkit' }) });
    expect(debug.code).toBe(2);
    expect(debug.stderr.split('\n').length).toBeGreaterThan(3);
    expect(debug.stderr).toMatch(/\n {4}at /);
  });

  it('the bin says how to build when the build is missing', async () => {
    const pkg = tempDir();
    mkdirSync(join(pkg, 'bin'));
    copyFileSync(BIN, join(pkg, 'bin', 'daemonkit.js'));
    writeFileSync(join(pkg, 'package.json'), '{ "type": "module" }');
    const missing = await runNode([join(pkg, 'bin', 'daemonkit.js'), '--version']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe('daemonkit: the CLI is not built; run `npx -y pnpm@12.4.2 build` in the daemonkit repository\n');
  });
});

describe('daemonkit run', () => {
  it('exits with the child\'s last code when the policy completes, printing the timeline on stderr', async () => {
    const r = await runCli(['run', '--restart', 'never', '--', process.execPath, fixture('exit-with.mjs'), '7']);
    expect(r.code).toBe(7);
    expect(r.stdout).toMatch(/^exit-with pid=\d+ code=7\n$/);
    expect(r.stderr).toMatch(/^ {4}time {2}event {8}pid {2}detail\n/);
    expect(r.stderr).toMatch(/\n +\d+\.\d{3}s {2}spawn +\d+ {2}attempt 1\n/);
    expect(r.stderr).toMatch(/ exit +\d+ {2}exited with code 7 after \d+ ms\n/);
    expect(r.stderr).toMatch(/ stop +completed\n$/);
  });

  it('exits 1 on giveup, after the restarts the flags allow', async () => {
    const r = await runCli(['run', '--max-restarts', '2', '--backoff', '10ms', '--', process.execPath, fixture('exit-with.mjs'), '3']);
    expect(r.code).toBe(1);
    expect(r.stderr.match(/ spawn /g)).toHaveLength(3);
    expect(r.stderr).toMatch(/ giveup +Gave up on .*maxRestarts 2/);
  });

  it('takes a preset with its own option names', async () => {
    const r = await runCli(['run', '--preset', 'pm2', '--no-autorestart', '--', process.execPath, fixture('exit-with.mjs'), '4']);
    expect(r.code).toBe(4);
    expect(r.stderr.match(/ spawn /g)).toHaveLength(1);
  });

  it('--json prints only JSON events on stdout; the child\'s output goes to stderr', async () => {
    const r = await runCli(['run', '--json', '--restart', 'on-failure', '--max-restarts', '1', '--backoff', '0', '--', process.execPath, fixture('exit-with.mjs'), '5']);
    expect(r.code).toBe(1);
    const events = r.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { event: string; time: string });
    expect(events.map((e) => e.event)).toEqual(['spawn', 'exit', 'crash', 'backoff', 'spawn', 'exit', 'crash', 'giveup', 'stop']);
    expect(events.every((e) => !Number.isNaN(Date.parse(e.time)))).toBe(true);
    expect(r.stderr.match(/exit-with pid=\d+ code=5/g)).toHaveLength(2);
  });

  it('--instances runs replicas, with a child column', async () => {
    const r = await runCli(['run', '--instances', '2', '--restart', 'never', '--', process.execPath, fixture('exit-with.mjs'), '0']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/spawn +node#0 +\d+/);
    expect(r.stderr).toMatch(/spawn +node#1 +\d+/);
  });

  it('a usage error exits 2 and spawns nothing', async () => {
    const r = await runCli(['run', '--instances', '0', '--', process.execPath, fixture('exit-with.mjs'), '0']);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: 'daemonkit run: --instances: expected a positive integer, got "0"\n' });
    expect(await runCli(['run'])).toMatchObject({ code: 2, stderr: 'daemonkit run: no command to run: daemonkit run [flags] -- <command> [args...]\n' });
    expect((await runCli(['run', '--kill-signal', 'SIGNOPE', '--', 'true'])).stderr).toMatch(/^daemonkit run: --kill-signal: /);
  });

  it('SIGINT stops the child gracefully and exits 130', async () => {
    const cli = startCli(['run', '--', process.execPath, fixture('sleep-forever.mjs')]);
    const pid = Number((await waitForText(cli.stdout, /sleep-forever pid=(\d+)/))[1]);
    cli.child.kill('SIGINT');
    const r = await cli.finished;
    expect(r.code).toBe(130);
    expect(r.stdout).toContain(`sleep-forever pid=${pid} got SIGTERM`);
    expect(r.stderr).toMatch(/Ctrl\+C: stopping \(Ctrl\+C again to force\)\n/);
    expect(r.stderr).toMatch(/ stop +requested\n$/);
    await waitGone(pid);
  });

  it('a second SIGINT forces SIGKILL at once instead of waiting for the kill timeout', async () => {
    const cli = startCli(['run', '--kill-timeout', '10m', '--', process.execPath, fixture('ignore-sigterm.mjs')]);
    await waitForText(cli.stdout, /^ready$/m);
    const pid = Number((await waitForText(cli.stderr, / spawn +(\d+)/))[1]);
    cli.child.kill('SIGINT');
    await waitForText(cli.stdout, /ignored SIGTERM/);
    cli.child.kill('SIGINT');
    const r = await cli.finished;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/ exit +\d+ {2}was killed by SIGKILL/);
    await waitGone(pid);
  });
});

describe('daemonkit explain and lint', () => {
  it('explain says what the preset does, with its own flags', async () => {
    const r = await runCli(['explain', '--preset', 'pm2', '--max-restarts', '15', '--exp-backoff-restart-delay', '100']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/gives up after 15 runs in a row under 1 s; waits 100 ms, then 1\.5 times the previous delay/);
    const json = await runCli(['explain', '--json', '--backoff', '1s']);
    expect(JSON.parse(json.stdout)).toMatchObject({ policy: { preset: 'restart', options: { backoff: 1000 } } });
  });

  it('lint warns naming the flag and exits 1; exits 0 without warnings', async () => {
    const r = await runCli(['lint', '--restart', 'never', '--max-restarts', '3']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^warning --max-restarts \(never-with-limits\): /);
    expect(await runCli(['lint'])).toMatchObject({ code: 0, stdout: 'No warnings.\n' });
  });
});

describe('daemonkit init', () => {
  it('writes a starter config whose $schema resolves, and will not overwrite it without --force', async () => {
    const dir = tempDir();
    const r = await runCli(['init'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Wrote daemonkit\.config\.json/);
    const file = join(dir, 'daemonkit.config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as { $schema: string; apps: Record<string, unknown> };
    expect(existsSync(resolve(dirname(file), config.$schema))).toBe(true);
    expect(Object.keys(config.apps)).toEqual(['web']);
    expect(await runCli(['init'], { cwd: dir })).toMatchObject({ code: 1, stderr: 'daemonkit init: daemonkit.config.json exists; --force overwrites it\n' });
    expect((await runCli(['init', '--force'], { cwd: dir })).code).toBe(0);
  });
});
