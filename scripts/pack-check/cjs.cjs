const { Supervisor, restartPolicy, InvalidOptionsError } = require('@daemonkit/core');
const s = new Supervisor({ command: process.execPath, args: ['-e', 'process.exit(0)'], stdio: 'ignore', policy: restartPolicy({ restart: 'never' }) });
s.start().done.then((stop) => console.log('cjs', stop.reason));
try { restartPolicy({ maxRestarts: -1 }); } catch (e) { console.log('cjs error', e instanceof InvalidOptionsError, e instanceof TypeError, e.message); }
// From CommonJS too: the guard's entry is found beside the CJS bundle.
const { startDaemon, stopDaemon } = require('@daemonkit/core');
const home = require('node:fs').mkdtempSync('/tmp/pack-check-cjs-');
startDaemon({ name: 'pc', home, services: { s: { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] } } })
  .then((started) => stopDaemon({ name: 'pc', home }).then((s) => console.log('cjs daemon', started.pid > 0, s.running)));
