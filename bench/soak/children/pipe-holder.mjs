// Run with stdio 'pipe': starts `/bin/sleep 1000` in its own process group sharing its stdout and stderr pipes,
// prints "grandchild <pid>" and "exiting at <epoch ms>" (performance.timeOrigin + now: the Supervisor's clock), then
// exits 1 while the grandchild still holds the pipes open.
import { spawn } from 'node:child_process';

const grandchild = spawn('/bin/sleep', ['1000'], { stdio: ['ignore', 'inherit', 'inherit'] });
console.log(`grandchild ${grandchild.pid}`);
console.log(`exiting at ${performance.timeOrigin + performance.now()}`);
process.exit(1);
