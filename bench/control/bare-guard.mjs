// The bare baseline of the control measurement (bench/measures/control.mjs): what a guard with a control socket is at
// the least, without daemonkit. It spawns one child (detached, stdio 'ignore', as the guard's spawner does) and
// spawns it again at once when it exits, listens on a Unix socket, echoes every newline-delimited line it receives,
// and tells every connected client `exit <pid>` / `spawn <pid>` when its child exits / is spawned.
//
//   node bench/control/bare-guard.mjs <socket path> <command> [args...]
//
// Prints "READY <child pid>" once listening with its child spawned. On SIGTERM it kills its child's group and exits.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const [socketPath, command, ...args] = process.argv.slice(2);
const clients = new Set();
let stopping = false;
let child;

const tell = (line) => {
  for (const socket of clients) socket.write(`${line}\n`);
};

function startChild(onSpawn) {
  const c = spawn(command, args, { stdio: 'ignore', detached: true });
  child = c;
  c.once('spawn', () => {
    tell(`spawn ${c.pid}`);
    onSpawn?.(c.pid);
  });
  c.once('exit', () => {
    tell(`exit ${c.pid}`);
    if (stopping) process.exit(0);
    startChild();
  });
}

const server = createServer((socket) => {
  clients.add(socket);
  socket.on('error', () => {});
  socket.on('close', () => clients.delete(socket));
  socket.setEncoding('utf8');
  let buffered = '';
  socket.on('data', (chunk) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
      socket.write(`${buffered.slice(0, nl)}\n`);
      buffered = buffered.slice(nl + 1);
    }
  });
});

process.once('SIGTERM', () => {
  stopping = true;
  server.close();
  for (const socket of clients) socket.destroy();
  if (child.exitCode !== null || child.signalCode !== null) process.exit(0);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    process.exit(0);
  }
});

server.listen(socketPath, () => startChild((pid) => process.stdout.write(`READY ${pid}\n`)));
