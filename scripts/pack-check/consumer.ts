// A strict TypeScript consumer: the event map and options must type-check, and misuse must not.
import { Supervisor, restartPolicy, type Policy, type SupervisorEvent, type RunRecord } from '@daemonkit/core';
const s = new Supervisor({ command: 'node', policy: restartPolicy({ backoff: { initialMs: 10 } }) });
s.on('crash', ({ run, consecutiveFailures }) => {
  const code: number | undefined = run.outcome.kind === 'exited' ? run.outcome.code : undefined;
  console.log(code, consecutiveFailures.toFixed(0));
});
s.on('stop', (e) => { const r: 'requested' | 'giveup' | 'completed' = e.reason; void r; });
// @ts-expect-error unknown event
s.on('crashed', () => {});
// @ts-expect-error wrong payload field
s.on('spawn', ({ code }) => code);
async function log() { for await (const e of s.events()) { if (e.type === 'backoff') { const d: number = e.payload.delayMs; void d; } } }
void log;
const p: Policy<number> = { name: 'x', initialState: () => 0, decide: (n: number, _run: RunRecord) => ({ state: n, decision: { action: 'stop', failure: false, giveup: false, reason: '' } }) };
void p;
type _E = SupervisorEvent['type'];
s.on('ready', ({ afterMs }) => afterMs.toFixed(0));
s.on('output', ({ stream, line }) => (stream === 'stderr' ? line.length : 0));
s.on('crash', ({ lines }) => lines.join('\n'));
import { daemon, heartbeat, notifyReady, onShutdown, presets, explainPolicy, lintPolicy } from '@daemonkit/core';
async function worker() {
  const { attempt, guardPid } = await daemon({ pidFile: 'x.pid', readiness: { timeoutMs: 1000 }, policy: presets.systemd({ restart: 'on-watchdog' }) });
  notifyReady();
  heartbeat();
  onShutdown(async (reason) => void reason);
  return attempt + guardPid + explainPolicy(presets.pm2()).length + lintPolicy({}).length;
}
void worker;
import { SurvivorsError, REAP_TIMEOUT_MS, type UpResult, type HeldEvent } from '@daemonkit/core';
// Core v2: events for parents and for listener errors, halt/resume/whenUp, bounded events(), survivors.
const parent = new Supervisor({ command: 'node', restartControl: 'parent' });
parent.on('held', (e: HeldEvent) => (e.delayMs > REAP_TIMEOUT_MS ? parent.resume({ delayMs: 0 }) : parent.resume()));
parent.on('error', ({ error, event }) => console.error(event, error));
parent.on('exit', ({ survivors }) => survivors?.map((pid) => pid.toFixed(0)));
// @ts-expect-error 'error' is not a lifecycle event: events() never yields it
async function noErrors() { for await (const e of parent.events({ maxBuffered: 10 })) { if (e.type === 'error') return; if (e.type === 'dropped') { const n: number = e.payload.count; void n; } } }
void noErrors;
async function parentUse() {
  const up: UpResult = await parent.whenUp();
  await parent.halt({ timeoutMs: 100 });
  parent.start();
  await parent.stop().catch((e: unknown) => (e instanceof SurvivorsError ? e.survivors.length : 0));
  return up.up ? up.pid + parent.attempt + parent.restarts : 0;
}
void parentUse;
// @ts-expect-error restart belongs to the policy, not to the Supervisor's options
void new Supervisor({ command: 'node', restart: 'always' });
import { SupervisorTree, simulateTree, type ChildStatus, type TreeStopEvent } from '@daemonkit/core';
// Supervision trees: typed child events (with `child`), tree events, and the pure simulation.
const tree = new SupervisorTree({ strategy: 'rest-for-one', children: [{ name: 'db', command: 'redis-server' }, { name: 'web', command: 'node', instances: 2 }] });
tree.on('crash', ({ child, run }) => `${child} ${run.attempt}`);
tree.on('group-restart', ({ trigger, children }) => children.includes(trigger));
// @ts-expect-error held is not passed on by a tree
tree.on('held', () => {});
async function treeUse(): Promise<readonly ChildStatus[]> {
  await tree.restart('web', { rolling: true });
  const end: TreeStopEvent = await tree.stop();
  void end.reason;
  return tree.status();
}
void treeUse;
void simulateTree({ children: ['a'] }, [{ at: 0, event: { kind: 'restart-wanted', child: 'a', delayMs: 0, reason: 'x' } }]);
import { connect, startDaemon, type DaemonReport, type RemoteDaemon } from '@daemonkit/core';
// The control plane: a remote daemon's typed events are the tree's, over the socket.
async function remoteUse(): Promise<DaemonReport> {
  await startDaemon({ name: 'api', services: { web: { command: 'node', args: ['server.js'], policy: { preset: 'pm2', options: { max_restarts: 15 } } } } });
  const remote: RemoteDaemon = await connect({ name: 'api' });
  remote.on('crash', ({ child, run, consecutiveFailures }) => `${child} ${run.attempt} ${consecutiveFailures}`);
  remote.on('tree-stop', ({ reason }) => reason);
  // @ts-expect-error output stays in the log: it is not sent over the socket
  remote.on('output', () => {});
  for await (const event of remote.events()) if (event.type === 'exit') void event.payload.run.outcome;
  await remote.restart('web', { rolling: true });
  return remote.status();
}
void remoteUse;
