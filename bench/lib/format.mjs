// Report formatting: cell formatters, verdicts, the table, and progress lines on stderr.

export const fmtMs = (v, d = 2) => `${v.toFixed(d)} ms`;
export const fmtDiff = (v, d = 2, unit = 'ms') => `${v >= 0 ? '+' : ''}${v.toFixed(d)} ${unit}`;
export const fmtX = (v) => `${v.toFixed(3)}x`;
export const fmtMiB = (kib) => `${(kib / 1024).toFixed(1)} MiB`;
export const verdict = (ok) => (ok ? 'PASS' : 'MISS');

export const progress = (text) => process.stderr.write(`bench: ${text}\n`);

/** Rows are { metric, baseline, subject, delta, target, result }; prints them as one Markdown-style table. */
export function printTable(rows) {
  const header = ['Metric', 'Baseline', 'daemonkit', 'Diff/ratio', 'Target', 'Result'];
  const all = [header, ...rows.map((r) => [r.metric, r.baseline, r.subject, r.delta, r.target, r.result])];
  const widths = header.map((_, i) => Math.max(...all.map((row) => String(row[i]).length)));
  const line = (row) => `| ${row.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  console.log(line(header));
  console.log(sep);
  for (const row of all.slice(1)) console.log(line(row));
}
