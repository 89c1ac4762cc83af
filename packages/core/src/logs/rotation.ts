// The pure decisions of log rotation: when to rotate, and which files to shift, delete and compress. No I/O here:
// the writer (rotating-writer.ts) lists the folder, asks, and carries the steps out in order.

/** One rotated file: `app.log.<index>`, with `.gz` when compressed. Index 1 is the newest. */
export interface RotatedFile {
  readonly index: number;
  readonly compressed: boolean;
}

export type RotationStep =
  | { readonly op: 'delete'; readonly file: RotatedFile }
  | { readonly op: 'rename'; readonly from: RotatedFile; readonly to: RotatedFile }
  /** The live file becomes `.1` (or is deleted, with maxFiles 0); the writer then opens a new one by its path. */
  | { readonly op: 'retire-current'; readonly to: RotatedFile | undefined };

export interface RotationPlan {
  /** In order: a rename never lands on a name that still exists. */
  readonly steps: readonly RotationStep[];
  /** Plain rotated files to gzip once the steps are done (every plain file but `.1`, with `compress`). */
  readonly compress: readonly RotatedFile[];
}

/** `app.log.3.gz` for (`app.log`, 3, true). */
export function rotatedName(path: string, file: RotatedFile): string {
  return `${path}.${file.index}${file.compressed ? '.gz' : ''}`;
}

/** The rotated file a folder entry `name` is, for a log named `base`; undefined for any other name. */
export function parseRotatedName(base: string, name: string): RotatedFile | undefined {
  if (!name.startsWith(`${base}.`)) return undefined;
  const match = /^([1-9][0-9]{0,8})(\.gz)?$/.exec(name.slice(base.length + 1));
  if (!match) return undefined;
  return { index: Number(match[1]), compressed: match[2] !== undefined };
}

/**
 * Whether to rotate before writing `incoming` bytes to a file of `size` bytes: when the write would take it past
 * `maxBytes`. An empty file is never rotated, so that a single write larger than `maxBytes` still lands somewhere.
 */
export function shouldRotate(size: number, incoming: number, maxBytes: number | undefined): boolean {
  return maxBytes !== undefined && size > 0 && size + incoming > maxBytes;
}

/**
 * The steps of one rotation, given the rotated files that exist: every file moves one index up, oldest first, and
 * those that would pass `maxFiles` are deleted; the live file becomes `.1`. With `compress`, the plain files from
 * `.2` up are then gzipped (`.1` stays plain, as logrotate's `delaycompress`: a reader may still hold it open).
 */
export function planRotation(existing: readonly RotatedFile[], maxFiles: number, compress: boolean): RotationPlan {
  const byAge = [...existing].sort((a, b) => b.index - a.index || Number(b.compressed) - Number(a.compressed));
  const steps: RotationStep[] = [];
  const kept: RotatedFile[] = [];
  for (const file of byAge) {
    const to = { index: file.index + 1, compressed: file.compressed };
    if (to.index > maxFiles) steps.push({ op: 'delete', file });
    else {
      steps.push({ op: 'rename', from: file, to });
      kept.push(to);
    }
  }
  const newest = maxFiles >= 1 ? { index: 1, compressed: false } : undefined;
  steps.push({ op: 'retire-current', to: newest });
  const compressed = new Set(kept.filter((f) => f.compressed).map((f) => f.index));
  const toCompress = compress ? kept.filter((f) => !f.compressed && f.index >= 2 && !compressed.has(f.index)) : [];
  return { steps, compress: toCompress.sort((a, b) => a.index - b.index) };
}

/** The line written into a log when writing works again after a failure: what was lost, and why. */
export function lossNotice(at: string, droppedLines: number, droppedBytes: number, code: string, since: string): string {
  return `${at} daemonkit: ${droppedLines} line${droppedLines === 1 ? '' : 's'} (${droppedBytes} bytes) of output were dropped since ${since}: ${code}\n`;
}
