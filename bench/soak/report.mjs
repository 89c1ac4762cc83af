// Plain-text formatting for the soak report (stdout) and progress lines (stderr).

export const progress = (text) => process.stderr.write(`soak: ${text}\n`);

export const verdict = (pass) => (pass ? 'PASS' : 'FAIL');
export const mib = (bytes, d = 2) => (bytes / 1024 / 1024).toFixed(d);
export const kib = (bytes, d = 1) => (bytes / 1024).toFixed(d);
export const ms = (v, d = 1) => `${v.toFixed(d)} ms`;
export const signed = (v, d = 1) => `${v >= 0 ? '+' : ''}${v.toFixed(d)}`;

/** Left-aligned columns, one row per array. */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd());
}

const compact = (o, skipZero) =>
  Object.entries(o)
    .filter(([, v]) => !skipZero || v !== 0)
    .map(([k, v]) => `${k}:${v}`)
    .join(' ');

/** The samples of one soak, one line each. */
export function samplesTable(samples) {
  const header = [
    'restarts', 'rss MiB', 'V8 heap res. MiB', 'rss outside MiB', 'new space MiB', 'heapUsed KiB', 'fds',
    'active resources', 'supervisor listeners (non-zero)', 'process listeners',
  ];
  return table([
    header,
    ...samples.map((s) => [
      s.restarts,
      mib(s.rss),
      mib(s.heapResident),
      mib(s.rssOutsideHeap),
      mib(s.newSpace, 0),
      kib(s.heapUsed),
      s.fds,
      compact(s.resources, false),
      compact(s.listeners, true) || '-',
      compact(s.processListeners, false),
    ]),
  ]);
}

/** The check rows of one soak (see checks.mjs). */
export function checksTable(rows) {
  return table([
    ['series', 'slope / 1000 restarts', '(std. error)', 'growth after warm-up', 'bound', 'result'],
    ...rows.map((r) => [
      r.series,
      `${signed(r.slope, r.unit ? 1 : 2)}${r.unit ? ` ${r.unit}` : ''}`,
      r.se === undefined ? '' : `+-${r.se.toFixed(1)}`,
      `${signed(r.growth, r.unit ? 1 : 0)}${r.unit ? ` ${r.unit}` : ''}`,
      r.bound,
      r.info ? 'info' : verdict(r.pass),
    ]),
  ]);
}
