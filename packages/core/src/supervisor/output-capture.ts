import type { Readable } from 'node:stream';
import { stringDecoder } from '../process/builtins.js';
import { createLineSplitter, RecentLines } from './line-splitter.js';

export type OutputStream = 'stdout' | 'stderr';

/**
 * Reads a piped child's stdout and stderr as lines: each goes to `onLine` and into the run's recent lines (the crash
 * context). The streams' own encoding is left alone, for the application's listeners.
 */
export function captureOutput(
  streams: { readonly stdout: Readable | null; readonly stderr: Readable | null },
  recent: RecentLines,
  onLine: (stream: OutputStream, line: string) => void,
): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = streams[name];
    if (!stream) continue;
    const decoder = new (stringDecoder().StringDecoder)('utf8');
    const splitter = createLineSplitter((line) => {
      recent.push(line);
      onLine(name, line);
    });
    stream.on('data', (chunk: Buffer | string) => splitter.push(typeof chunk === 'string' ? chunk : decoder.write(chunk)));
    stream.once('end', () => {
      splitter.push(decoder.end());
      splitter.end();
    });
  }
}
