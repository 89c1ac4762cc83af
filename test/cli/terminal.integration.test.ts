import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, fixture, waitForText, waitGone } from '../helpers/cli.js';
import { defer } from '../helpers/cleanup.js';
import { DIR_ENV, registerPid } from '../helpers/pid-registry.js';
import { readText } from '../helpers/programs.js';
import { tempDir } from '../helpers/supervisors.js';

// `daemonkit run` in a real terminal: tmux gives it a pty, so stderr is a TTY, and C-c is the terminal's SIGINT to
// the foreground process group. tmux is required (.ci/run installs it): without it this test fails, it does not skip.
// The tmux server has its own socket in the test's temp folder and is killed through it, never by name.

function tmux(socket: string, ...args: string[]): string {
  return execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
}

describe('daemonkit run in a terminal', () => {
  it('prints the timeline and stops the child on C-c', async () => {
    const found = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' });
    expect(found.status, 'tmux is required for this test: install it (apt-get install -y tmux); .ci/run does').toBe(0);

    const dir = tempDir();
    const socket = join(dir, 'tmux.sock');
    const conf = join(dir, 'tmux.conf');
    // Keep the pane after the command ends, so that its last lines and exit status can be read.
    writeFileSync(conf, 'set -g remain-on-exit on\nset -g history-limit 5000\n');
    const env: NodeJS.ProcessEnv = { ...process.env, DAEMONKIT_HOME: join(dir, 'home'), TERM: 'xterm-256color' };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    // The bin runs under a stand-in for an interactive shell (it ignores SIGINT and records the bin's exit status):
    // tmux itself sometimes reports a dead pane without its status on a loaded machine.
    const job = join(dir, 'job');
    const command = [process.execPath, fixture('shell-like.mjs'), job, process.execPath, BIN, 'run', '--', process.execPath, fixture('sleep-forever.mjs')];
    execFileSync('tmux', ['-S', socket, '-f', conf, 'new-session', '-d', '-x', '160', '-y', '40', '-e', `${DIR_ENV}=${process.env[DIR_ENV] ?? ''}`, ...command], { env });
    const serverPid = Number(tmux(socket, 'display-message', '-p', '#{pid}').trim());
    registerPid(serverPid);
    defer(async () => {
      spawnSync('tmux', ['-S', socket, 'kill-server']);
      await waitGone(serverPid);
    });
    const binPid = Number((await waitForText(() => readText(`${job}.pid`), /^\d+$/))[0]);
    registerPid(binPid);

    // Plain text of the pane, without the colours' escape codes (-J joins wrapped lines).
    const screen = () => tmux(socket, 'capture-pane', '-p', '-J', '-S', '-200');
    const childPid = Number((await waitForText(screen, /sleep-forever pid=(\d+)/))[1]);
    await waitForText(screen, new RegExp(`^ +\\d+\\.\\d{3}s {2}spawn +${childPid} {2}attempt 1$`, 'm'));
    expect(screen()).toMatch(/^ {4}time {2}event {8}pid {2}detail$/m);

    tmux(socket, 'send-keys', 'C-c');
    await waitForText(screen, /^ +\d+\.\d{3}s {2}stop +requested$/m);
    const text = screen();
    expect(text).toContain('Ctrl+C: stopping (Ctrl+C again to force)');
    expect(text).toContain(`sleep-forever pid=${childPid} got SIGTERM`);
    expect(text).toMatch(new RegExp(`^ +\\d+\\.\\d{3}s {2}exit +${childPid} {2}exited with code 0 after \\d+ ms$`, 'm'));
    await waitGone(childPid);
    await waitGone(binPid);
    // The bin's own exit status, as the shell sees it: 128 + SIGINT (not a death by the signal).
    await waitForText(() => readText(`${job}.status`), /^code 130$/);
  });
});
