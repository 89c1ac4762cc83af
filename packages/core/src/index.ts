// The public API of @daemonkit/core. Everything users may import is re-exported here and nowhere else.
export type { Decision, ExitOutcome, Policy, PolicyContext, PolicyStep, ProcessExit, RunRecord } from './policy/types.js';
export { exited, signaled, spawnFailed, describeOutcome, uptimeOf } from './policy/outcomes.js';
export { describeRun } from './policy/describe.js';
export { classifyExit, modeRestarts, CLEAN_SIGNALS, RESTART_MODES } from './policy/classify-exit.js';
export type { ExitClass, RestartMode } from './policy/classify-exit.js';
export { computeDelay, DEFAULT_BACKOFF } from './policy/backoff.js';
export type { Backoff, ExponentialBackoff } from './policy/backoff.js';
export type { RestartWindow } from './policy/restart-window.js';
export { DEFAULT_MAX_SPAWN_FAILURES, PERMANENT_SPAWN_ERRORS } from './policy/spawn-errors.js';
export { restartPolicy } from './policy/restart/index.js';
export type { RestartPolicy, RestartPolicyState } from './policy/restart/types.js';
export type { RestartPolicyOptions, ResolvedRestartPolicyOptions } from './policy/restart/types.js';
export { xdaemonPolicy } from './policy/xdaemon/index.js';
export type { XdaemonPolicy, XdaemonPolicyState } from './policy/xdaemon/types.js';
export type { XdaemonPolicyOptions, ResolvedXdaemonPolicyOptions } from './policy/xdaemon/types.js';
export { simulate } from './policy/simulate.js';
export type { SimulateOptions, SimulatedRun, SimulatedStep } from './policy/simulate.js';
export { DaemonkitError, InvalidOptionsError } from './errors.js';
export { Supervisor, SurvivorsError } from './supervisor/supervisor.js';
export type { SupervisorState, StopOptions, UpResult } from './supervisor/supervisor.js';
export { REAP_TIMEOUT_MS } from './supervisor/machine.js';
export { DEFAULT_MAX_BUFFERED_EVENTS } from './supervisor/event-stream.js';
export { LIFECYCLE_EVENT_NAMES } from './supervisor/events.js';
export type { EventStreamOptions } from './supervisor/event-stream.js';
export type {
  SupervisorEvents,
  SupervisorEvent,
  SupervisorEventName,
  LifecycleEventName,
  EventsDropped,
  SpawnEvent,
  ExitEvent,
  CrashEvent,
  BackoffEvent,
  GiveupEvent,
  HeldEvent,
  ErrorEvent,
  StopEvent,
  StopReason,
  LogErrorEvent,
} from './supervisor/events.js';
// Logs: rotation, reopen, a full disk survived; readers that follow a log across its rotations.
export type { LogFileOptions } from './logs/types.js';
export { DEFAULT_LOG_MAX_FILES } from './logs/types.js';
export { readLogTail, followLog } from './logs/read-tail.js';
export type { FollowLogOptions } from './logs/read-tail.js';
export type { LogFs } from './logs/log-fs.js';
export { nodeLogFs } from './logs/log-fs.js';
export type { Spawner, SpawnSpec, StdioTarget, ChildHandle, ChildHooks, Clock, TimerHandle } from './process/seams.js';
export { nodeSpawner } from './process/node-spawner.js';
export { systemClock } from './process/system-clock.js';
export { DEFAULT_CRASH_CONTEXT_LINES, DEFAULT_KILL_SIGNAL, DEFAULT_KILL_TIMEOUT_MS } from './supervisor/options.js';
export type { SupervisorOptions, StdioMode } from './supervisor/options.js';
export { background } from './daemon/background.js';
export type { BackgroundResult } from './daemon/background.js';
export { daemon } from './daemon/daemon.js';
export type { WorkerInfo } from './daemon/daemon.js';
export { daemonStatus, stopDaemon } from './daemon/control.js';
export type { DaemonStatus, DaemonLocation } from './daemon/control.js';
export { startDaemon } from './daemon/start-daemon.js';
export type { StartedDaemon } from './daemon/start-daemon.js';
export type { StartDaemonOptions, CommandServiceSpec } from './daemon/command-services.js';
// The control plane: the guard's socket, its typed client, the state folder and the pid file contract.
export { connect, RemoteDaemon, RemoteError, NotRunningError } from './control/client.js';
export type { ConnectTarget, ConnectOptions, RemoteEvents, RemoteEventName, RemoteEvent } from './control/client.js';
export type { DaemonReport } from './control/server.js';
export type { ChildReport } from './control/child-tracker.js';
export { stateHome, daemonPaths } from './control/state-home.js';
export type { DaemonPaths } from './control/state-home.js';
export { AlreadyRunningError } from './control/pid-file.js';
export { PROTOCOL_VERSION } from './control/protocol.js';
export type { Greeting } from './control/protocol.js';
export { policyFromSpec, POLICY_SPEC_PRESETS } from './policy/policy-spec.js';
export type { PolicySpec, PolicySpecPreset } from './policy/policy-spec.js';
export { VERSION } from './version.js';
export { MARKER_ENV } from './daemon/marker.js';
export type { BackgroundOptions, DaemonOptions } from './daemon/options.js';
export { notifyReady, heartbeat, onShutdown } from './worker/worker-api.js';
export type { ReadyEvent, HeartbeatEvent, OutputEvent } from './supervisor/events.js';
// Peer presets (presets.systemd(), presets.pm2(), ...), the policy explainer and the options linter.
export * as presets from './policy/presets/index.js';
export { explainPolicy } from './policy/explain.js';
export { lintPolicy } from './policy/lint/index.js';
export type { PolicyWarning, PolicyWarningCode } from './policy/lint/warning.js';
// Supervision trees: many children with Erlang/OTP's strategies, and their pure decision.
export { SupervisorTree } from './tree/supervisor-tree.js';
export type { TreeState } from './tree/supervisor-tree.js';
export { DEFAULT_ROLLING_SETTLE_MS, CHILD_RESTART_TYPES } from './tree/options.js';
export type { TreeOptions, ChildSpec, CommandChildSpec, TreeChildSpec, ChildRestart } from './tree/options.js';
export type { ChildStatus } from './tree/node.js';
export type {
  TreeEvents,
  TreeEventName,
  ChildEvent,
  ChildEventName,
  GroupRestartEvent,
  TreeGiveupEvent,
  TreeStopEvent,
  TreeStopReason,
  TreeErrorEvent,
} from './tree/events.js';
export { decideTree, initialTreeState } from './policy/tree/decide.js';
export { simulateTree } from './policy/tree/simulate.js';
export type { SimulateTreeOptions, SimulatedTreeEvent, SimulatedTreeStep } from './policy/tree/simulate.js';
export { DEFAULT_TREE_INTENSITY, TREE_STRATEGIES } from './policy/tree/types.js';
export type {
  TreeStrategy,
  TreeIntensity,
  TreeModel,
  TreeChildView,
  TreeDecisionState,
  TreeEvent,
  TreeAction,
  TreeStep,
} from './policy/tree/types.js';
