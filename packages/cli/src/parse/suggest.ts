/**
 * Levenshtein distance with adjacent transpositions (optimal string alignment): insertions, deletions,
 * substitutions and swaps of two neighbours each cost 1, so `stauts` is 1 from `status`.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row[j] = d;
    }
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The candidate nearest to `input`, if near enough to be what was meant: within a third of its length (at least 2
 * edits), or one the input is a prefix of (`--max` for `--max-restarts`). Ties go to the earlier candidate.
 * @example suggest('stauts', ['start', 'status']) // 'status'
 */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(needle, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(needle.length / 3))) return best;
  return needle.length >= 3 ? candidates.find((c) => c.toLowerCase().startsWith(needle)) : undefined;
}

/** ` (did you mean X?)`, or '' when nothing is near. */
export function didYouMean(input: string, candidates: readonly string[], format: (s: string) => string = (s) => s): string {
  const near = suggest(input, candidates);
  return near === undefined ? '' : `; did you mean ${format(near)}?`;
}
