import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive } from './helpers/process-liveness.js';
import { readText, runNode, waitForLine } from './helpers/programs.js';
import { fixture, tempDir } from './helpers/supervisors.js';

interface Report {
  pid: number;
  result: { role: string; generation: number };
  argv: string[];
  execArgv: string[];
  marker: string | null;
}

const reportIn = async (log: string): Promise<Report> => JSON.parse((await waitForLine(log, /^report (.*)$/m))[1]!) as Report;

describe('background()', () => {
  it('three calls make three hops; only the last copy runs on, with the same node flags and arguments', async () => {
    const log = join(tempDir(), 'bg.log');
    const args = ['--no-warnings', '--stack-size=2000', fixture('background-app.mjs'), log, '3', '-a', '-b', '-c', '123'];
    const launcher = await runNode(args);
    expect(launcher.code).toBe(0);
    expect(launcher.stderr).toBe('');

    const report = await reportIn(log);
    expect(report.result).toEqual({ role: 'child', generation: 3 });
    expect(report.argv).toEqual([fixture('background-app.mjs'), log, '3', '-a', '-b', '-c', '123']);
    expect(report.execArgv).toEqual(['--no-warnings', '--stack-size=2000']);
    expect(report.marker).toBeNull();
    expect(readText(log).match(/^report /gm)).toHaveLength(1);
    expect(statSync(log).mode & 0o777).toBe(0o640);
    await expect.poll(() => isAlive(report.pid), { timeout: 15_000 }).toBe(false);
  });

  it('with exit: false returns the parent role and the copy pid in the launcher', async () => {
    const log = join(tempDir(), 'bg.log');
    const launcher = await runNode([fixture('background-app.mjs'), log, '1', '--no-exit']);
    expect(launcher.code).toBe(0);
    const parent = /^parent (\d+) started (\d+)$/m.exec(launcher.stdout);
    expect(parent?.[1]).toMatch(/^\d+$/);
    const report = await reportIn(log);
    expect(report.pid).toBe(Number(parent![2]));
    expect(report.result).toEqual({ role: 'child', generation: 1 });
    await expect.poll(() => isAlive(report.pid), { timeout: 15_000 }).toBe(false);
  });

  it('fails in the launcher, starting nothing, when the log file cannot be opened', async () => {
    const log = join(tempDir(), 'no-such-dir', 'bg.log');
    const launcher = await runNode([fixture('background-app.mjs'), log, '1']);
    expect(launcher.code).not.toBe(0);
    expect(launcher.stderr).toMatch(/Cannot open logFile ".*no-such-dir\/bg\.log": ENOENT/);
  });

  it('refuses a malformed marker with a clear error instead of guessing a role', async () => {
    const log = join(tempDir(), 'bg.log');
    const launcher = await runNode([fixture('background-app.mjs'), log, '1'], { ...process.env, DAEMONKIT_MARKER: 'garbage' });
    expect(launcher.code).not.toBe(0);
    expect(launcher.stderr).toMatch(/Malformed DAEMONKIT_MARKER "garbage"/);
  });
});
