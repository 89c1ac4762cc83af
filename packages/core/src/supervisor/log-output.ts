import { DirectFile, type FdRef } from '../logs/direct-file.js';
import { LineFramer, OutputTail, prefixLines } from '../logs/line-framer.js';
import type { LogFs } from '../logs/log-fs.js';
import { isGuardLine, readLastLinesOf } from '../logs/read-tail.js';
import type { RotatingWriter } from '../logs/rotating-writer.js';
import { acquireWriter, releaseWriter } from '../logs/shared-writers.js';
import type { LogErrorEvent, ResolvedLogFile } from '../logs/types.js';
import type { ChildHandle, SpawnSpec } from '../process/seams.js';

/** What the shell holds of one run's output: its stdio, its crash context, its end. */
export interface RunLog {
  readonly stdio: SpawnSpec['stdio'];
  /** Wires the child's pipes to the log (piped mode). */
  attach(child: ChildHandle): void;
  /** Marks where the run's output starts in a direct-mode file (after the spawn listeners wrote theirs). */
  markStart(): void;
  /**
   * The run is over: hands over a partial last line (piped mode), lets go of the run's descriptors, and returns its
   * last `count` lines: from the in-memory tail (piped), or read back through the run's descriptor (direct).
   */
  end(count: number): string[];
}

/**
 * A supervisor's log (`logFile`), open from start() to the end: the direct mode gives each run the file's
 * descriptor; the piped mode (rotation or timestamps) reads the child's pipes as lines into a rotating writer.
 */
export class LogOutput {
  readonly #direct: { out: DirectFile; err: DirectFile | undefined } | undefined;
  #writers: { out: RotatingWriter; err: RotatingWriter } | undefined;
  readonly #unsubscribe: Array<() => void> = [];

  constructor(
    readonly spec: ResolvedLogFile,
    private readonly fs: LogFs,
    private readonly onEvent: (event: LogErrorEvent) => void,
  ) {
    if (!spec.piped) {
      this.#direct = { out: new DirectFile(spec.path, fs), err: spec.stderrFile === undefined ? undefined : new DirectFile(spec.stderrFile, fs) };
    }
  }

  /** Opens the file(s); throws a DaemonkitError naming the path when one cannot be opened. */
  open(): void {
    if (this.#direct) {
      this.#direct.out.open();
      try {
        this.#direct.err?.open();
      } catch (error) {
        this.#direct.out.close();
        throw error;
      }
      return;
    }
    const { maxBytes, maxFiles, compress, path, stderrFile } = this.spec;
    const options = { maxBytes, maxFiles, compress };
    const out = acquireWriter(path, options, this.fs);
    let err = out;
    if (stderrFile !== undefined) {
      try {
        err = acquireWriter(stderrFile, options, this.fs);
      } catch (error) {
        void releaseWriter(out);
        throw error;
      }
    }
    this.#writers = { out, err };
    for (const writer of new Set([out, err])) this.#unsubscribe.push(writer.subscribe(this.onEvent));
  }

  beginRun(): RunLog {
    return this.#direct ? this.#directRun(this.#direct) : this.#pipedRun(this.#writers!);
  }

  /** Reopens the file(s) by path: at once in piped mode; in direct mode for the next run (the child holds its own). */
  reopen(): void {
    if (this.#writers) for (const writer of new Set([this.#writers.out, this.#writers.err])) writer.reopen();
    if (this.#direct) for (const file of [this.#direct.out, this.#direct.err]) file?.reopen();
  }

  /** Closes the file(s); a promise while rotated files are still being compressed, undefined otherwise. */
  close(): Promise<void> | undefined {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    if (this.#direct) {
      this.#direct.out.close();
      this.#direct.err?.close();
      return undefined;
    }
    const writers = this.#writers;
    this.#writers = undefined;
    if (!writers) return undefined;
    const pending = [...new Set([writers.out, writers.err])].map((writer) => releaseWriter(writer));
    return writers.out.busy || writers.err.busy ? Promise.all(pending).then(() => {}) : undefined;
  }

  #directRun(direct: { out: DirectFile; err: DirectFile | undefined }): RunLog {
    const fs = this.fs;
    const out = direct.out.acquire();
    const err = direct.err?.acquire();
    const refs = [out, err].filter((ref): ref is FdRef => ref !== undefined);
    const offsets = new Map<FdRef, number>();
    let ended = false;
    return {
      stdio: ['ignore', out?.fd ?? 'ignore', (err ?? out)?.fd ?? 'ignore'],
      attach() {},
      markStart() {
        for (const ref of refs) offsets.set(ref, sizeOf(fs, ref.fd));
      },
      end(count) {
        if (ended) return [];
        ended = true;
        // Read before release(), which may close the descriptors. With stderrFile: stdout's lines, then stderr's.
        const lines = count > 0 ? refs.flatMap((ref) => readLastLinesOf(fs, ref.fd, offsets.get(ref) ?? 0, count, isGuardLine)) : [];
        for (const ref of refs) (ref === out ? direct.out : direct.err!).release(ref);
        return lines.slice(-count);
      },
    };
  }

  #pipedRun(writers: { out: RotatingWriter; err: RotatingWriter }): RunLog {
    const tail = new OutputTail();
    const stamp = this.spec.timestamps;
    const framers: LineFramer[] = [];
    return {
      stdio: ['ignore', 'pipe', 'pipe'],
      attach(child) {
        for (const [stream, writer] of [
          [child.stdout, writers.out],
          [child.stderr, writers.err],
        ] as const) {
          if (!stream) continue;
          const framer = new LineFramer((lines) => {
            tail.push(lines);
            writer.write(stamp ? prefixLines(lines, `${new Date().toISOString()} `) : lines);
          });
          framers.push(framer);
          stream.on('data', (chunk: Buffer) => framer.push(chunk));
          stream.once('end', () => framer.end());
        }
      },
      markStart() {},
      end(count) {
        for (const framer of framers) framer.end();
        return tail.lines(count);
      },
    };
  }
}

function sizeOf(fs: LogFs, fd: number): number {
  try {
    return fs.fstat(fd).size;
  } catch {
    return 0;
  }
}
