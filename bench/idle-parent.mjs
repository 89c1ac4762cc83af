// A parent process keeping one idle child, for the memory comparison (the benchmark reads this process's VmRSS).
//
//   node bench/idle-parent.mjs baseline            a bare spawn of the idle child, then waits
//   node bench/idle-parent.mjs subject <dist url>   one Supervisor over the same child
//
// Prints "READY <child pid>" once the child runs. On SIGTERM it takes the child down and exits.
import { spawn } from 'node:child_process';

const [mode, dist] = process.argv.slice(2);
const command = process.execPath;
const args = ['-e', 'setInterval(()=>{},1e6)'];

// Keeps this process alive in both modes (the supervisor's child handle would do it too, but be explicit).
const keepAlive = setInterval(() => {}, 1e6);

if (mode === 'subject') {
  const { Supervisor } = await import(dist);
  const supervisor = new Supervisor({ command, args, stdio: 'ignore' });
  supervisor.once('spawn', ({ pid }) => process.stdout.write(`READY ${pid}\n`));
  process.once('SIGTERM', () => {
    supervisor.stop({ signal: 'SIGKILL' }).then(() => {
      clearInterval(keepAlive);
      process.exit(0);
    });
  });
  supervisor.start();
} else {
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.once('spawn', () => process.stdout.write(`READY ${child.pid}\n`));
  process.once('SIGTERM', () => {
    const done = () => {
      clearInterval(keepAlive);
      process.exit(0);
    };
    if (child.exitCode !== null || child.signalCode !== null) done();
    child.once('exit', done);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  });
}
