const { Supervisor, restartPolicy, InvalidOptionsError } = require('@daemonkit/core');
const s = new Supervisor({ command: process.execPath, args: ['-e', 'process.exit(0)'], stdio: 'ignore', policy: restartPolicy({ restart: 'never' }) });
s.start().done.then((stop) => console.log('cjs', stop.reason));
try { restartPolicy({ maxRestarts: -1 }); } catch (e) { console.log('cjs error', e instanceof InvalidOptionsError, e instanceof TypeError, e.message); }
