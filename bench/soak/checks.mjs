// The soak's verdicts: memory slopes against their bounds, and exact flatness of fds, active resources and listener
// counts after the warm-up. Each check is one row { series, slope, se, growth, bound, pass }.
import { analyse, keysOf } from './series.mjs';
import { THRESHOLDS } from './thresholds.mjs';

const KiB = 1024;

function memoryRow(series, a, boundKiB) {
  return {
    series,
    slope: a.slopePer1000 / KiB,
    se: a.sePer1000 / KiB,
    growth: a.growth / KiB,
    unit: 'KiB',
    bound: boundKiB === undefined ? 'info' : `slope <= ${boundKiB} KiB`,
    pass: boundKiB === undefined || a.slopePer1000 / KiB <= boundKiB,
    info: boundKiB === undefined,
  };
}

function flatRow(series, a) {
  return { series, slope: a.slopePer1000, growth: a.growth, unit: '', bound: 'flat (no growth)', pass: a.flat };
}

const total = (o) => Object.values(o).reduce((a, b) => a + b, 0);

/** Memory rows: heapUsed and RSS outside the V8 heap are judged, the rest is shown. */
export function memoryChecks(samples, { rssBoundKiB, judged = true }) {
  const w = THRESHOLDS.warmupSamples;
  return [
    memoryRow('heapUsed (after GC)', analyse(samples, (x) => x.heapUsed, w), judged ? THRESHOLDS.heapSlopeKiBPer1000 : undefined),
    memoryRow('rss outside the V8 heap', analyse(samples, (x) => x.rssOutsideHeap, w), judged ? rssBoundKiB : undefined),
    memoryRow('  rss (raw)', analyse(samples, (x) => x.rss, w)),
    memoryRow('  V8 heap resident', analyse(samples, (x) => x.heapResident, w)),
    memoryRow('  V8 new space (committed)', analyse(samples, (x) => x.newSpace, w)),
  ];
}

/** Rows for one soak result. */
export function soakChecks(result, { rssBoundKiB }) {
  const w = THRESHOLDS.warmupSamples;
  const s = result.samples;
  const rows = [...memoryChecks(s, { rssBoundKiB }), flatRow('open fds', analyse(s, (x) => x.fds, w))];
  rows.push(flatRow('active resources (all)', analyse(s, (x) => total(x.resources), w)));
  for (const type of keysOf(s, (x) => x.resources)) {
    rows.push(flatRow(`  resource ${type}`, analyse(s, (x) => x.resources[type] ?? 0, w)));
  }
  for (const name of keysOf(s, (x) => x.listeners)) {
    rows.push(flatRow(`supervisor listeners '${name}'`, analyse(s, (x) => x.listeners[name] ?? 0, w)));
  }
  for (const name of keysOf(s, (x) => x.processListeners)) {
    rows.push(flatRow(`process listeners '${name}'`, analyse(s, (x) => x.processListeners[name] ?? 0, w)));
  }
  return rows;
}

/** Whole-run conditions besides the series: the target reached, every run ended as expected, no listener error. */
export function soakRunChecks(result, target) {
  return [
    { what: `restarts done: ${result.restarts} of ${target}`, pass: result.restarts === target },
    {
      what:
        `runs ending otherwise than "exited with code 1": ${result.unexpected.count}` +
        (result.unexpected.first
          ? ` (first: attempt ${result.unexpected.first.attempt}, ${JSON.stringify(result.unexpected.first.outcome)})`
          : ''),
      pass: result.unexpected.count === 0,
    },
    { what: `'error' events (a listener threw): ${result.errors.length}`, pass: result.errors.length === 0 },
    {
      what: `stop event reason: ${result.stopEvent?.reason}${result.stopEvent?.survivors ? `, survivors ${result.stopEvent.survivors}` : ''}`,
      pass: result.stopEvent?.reason === 'requested' && !result.stopEvent?.survivors,
    },
  ];
}
