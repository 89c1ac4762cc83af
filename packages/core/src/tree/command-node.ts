import { Supervisor, SurvivorsError } from '../supervisor/supervisor.js';
import type { SupervisorOptions } from '../supervisor/options.js';
import type { LogFileOptions } from '../logs/types.js';
import { CHILD_EVENT_NAMES, type ChildEventName } from './events.js';
import type { ChildStatus, ParentLink, TreeNode } from './node.js';

/**
 * A command child: one Supervisor whose restarts its tree carries out (restartControl 'parent'). Its policy still
 * decides whether a run is restarted at all (the restart type) and whether it gives up; the tree decides when, and
 * what restarts with it.
 */
export class CommandNode implements TreeNode {
  readonly supervisor: Supervisor;
  /** Up means ready (its readiness is watched), not merely spawned. */
  readonly readiness: boolean;
  /** Where its output goes, if to a file. */
  readonly logFile: string | LogFileOptions | undefined;
  #giveupReason = '';

  constructor(
    readonly id: string,
    readonly name: string,
    options: SupervisorOptions,
    parent: ParentLink,
    readonly temporary = false,
  ) {
    const supervisor = new Supervisor({ ...options, restartControl: 'parent' });
    this.supervisor = supervisor;
    this.readiness = options.readiness !== undefined;
    this.logFile = options.logFile;
    for (const event of CHILD_EVENT_NAMES) {
      (supervisor.on as (e: ChildEventName, l: (payload: object) => void) => void)(event, (payload) =>
        parent.emitChild(event, Object.freeze({ ...payload, child: id }) as never),
      );
    }
    supervisor.on('held', ({ delayMs, reason }) => parent.report({ kind: 'restart-wanted', child: id, delayMs, reason }));
    supervisor.on('giveup', ({ reason }) => (this.#giveupReason = reason));
    supervisor.on('stop', ({ reason }) => {
      if (reason === 'giveup') parent.report({ kind: 'child-stopped', child: id, reason: 'giveup', detail: this.#giveupReason });
      if (reason === 'completed') parent.report({ kind: 'child-stopped', child: id, reason: 'completed', detail: 'completed' });
    });
  }

  get phase(): TreeNode['phase'] {
    switch (this.supervisor.state) {
      case 'idle':
        return 'idle';
      case 'held':
        return 'held';
      case 'stopped':
        return 'stopped';
      default:
        return 'running';
    }
  }

  start(): void {
    this.supervisor.start();
  }

  resume(delayMs?: number): void {
    this.supervisor.resume(delayMs === undefined ? {} : { delayMs });
  }

  async whenUp(): Promise<boolean> {
    return (await this.supervisor.whenUp()).up;
  }

  halt(): Promise<readonly number[]> {
    return this.supervisor.halt().then(noSurvivors, survivorsOf);
  }

  stop(): Promise<readonly number[]> {
    return this.supervisor.stop().then(noSurvivors, survivorsOf);
  }

  replace(): Promise<void> {
    return this.supervisor.restart();
  }

  statuses(): ChildStatus[] {
    const s = this.supervisor;
    return [Object.freeze({ id: this.id, state: s.state, pid: s.pid, attempt: s.attempt, restarts: s.restarts })];
  }
}

const noSurvivors = (): readonly number[] => [];

function survivorsOf(error: unknown): readonly number[] {
  if (error instanceof SurvivorsError) return error.survivors;
  throw error;
}
