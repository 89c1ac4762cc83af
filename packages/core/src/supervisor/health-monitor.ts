import { isWorkerMessage } from '../worker/messages.js';
import type { Clock, TimerHandle } from '../process/seams.js';

export interface HealthOptions {
  /** The worker must call notifyReady() within `timeoutMs` of its spawn. */
  readonly readiness?: { readonly timeoutMs: number } | undefined;
  /** Once ready (or spawned, without readiness), heartbeats must come at most `timeoutMs` apart. */
  readonly watchdog?: { readonly timeoutMs: number } | undefined;
  /** A heartbeat reporting more resident memory than this asks for a graceful restart. */
  readonly maxMemoryBytes?: number | undefined;
}

/** Why the supervisor ended a run that had not exited by itself. */
export type Unhealthy =
  | { readonly kind: 'ready-timeout'; readonly timeoutMs: number }
  | { readonly kind: 'watchdog'; readonly timeoutMs: number }
  | { readonly kind: 'memory-limit'; readonly rssBytes: number; readonly limitBytes: number };

export interface HealthCallbacks {
  ready(): void;
  heartbeat(memory: { readonly rss: number; readonly heapUsed: number }): void;
  unhealthy(reason: Unhealthy): void;
}

/**
 * Watches one run's readiness, heartbeats and memory from the messages its worker sends, with timers from the
 * clock seam. Reports at most one `unhealthy`; the supervisor then ends the run gracefully.
 */
export class HealthMonitor {
  #timer: TimerHandle | undefined;
  #ready = false;
  #lastBeatAt: number | undefined;
  #done = false;

  constructor(
    private readonly options: HealthOptions,
    private readonly clock: Clock,
    private readonly callbacks: HealthCallbacks,
  ) {
    if (options.readiness) this.#armReadiness(options.readiness.timeoutMs);
    else this.#armWatchdog();
  }

  /** Handles one message from the worker; anything not from daemonkit's worker API is ignored. */
  message(message: unknown): void {
    if (this.#done || !isWorkerMessage(message)) return;
    if (message.daemonkit === 'ready') {
      if (this.#ready) return;
      this.#ready = true;
      this.#disarm();
      this.#armWatchdog();
      this.callbacks.ready();
      return;
    }
    // No timer churn per heartbeat: the watchdog timer, when it fires, looks at when the last one came.
    this.#lastBeatAt = this.clock.now();
    this.callbacks.heartbeat(message.memory);
    const limit = this.options.maxMemoryBytes;
    if (limit !== undefined && message.memory.rss > limit) {
      this.#fail({ kind: 'memory-limit', rssBytes: message.memory.rss, limitBytes: limit });
    }
  }

  /** The run ended: no more timers, no more reports. */
  stop(): void {
    this.#done = true;
    this.#disarm();
  }

  #armWatchdog(): void {
    const watchdog = this.options.watchdog;
    if (!watchdog) return;
    const armedAt = this.clock.now();
    this.#disarm();
    const check = () => {
      this.#timer = undefined;
      const since = Math.max(armedAt, this.#lastBeatAt ?? armedAt);
      const left = since + watchdog.timeoutMs - this.clock.now();
      if (left > 0) this.#timer = this.clock.setTimeout(check, left);
      else this.#fail({ kind: 'watchdog', timeoutMs: watchdog.timeoutMs });
    };
    this.#timer = this.clock.setTimeout(check, watchdog.timeoutMs);
  }

  #armReadiness(timeoutMs: number): void {
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#fail({ kind: 'ready-timeout', timeoutMs });
    }, timeoutMs);
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #fail(reason: Unhealthy): void {
    if (this.#done) return;
    this.stop();
    this.callbacks.unhealthy(reason);
  }
}
