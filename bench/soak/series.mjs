// Series over the samples: least-squares slope per 1,000 restarts after the warm-up (with its standard error), and
// the exact flatness check.

/** Least-squares slope of ys over xs (per unit of x) and its standard error; NaN with too few points. */
export function leastSquares(xs, ys) {
  const n = xs.length;
  if (n < 2) return { slope: Number.NaN, se: Number.NaN };
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  if (sxx === 0) return { slope: Number.NaN, se: Number.NaN };
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const sse = xs.reduce((sum, x, i) => sum + (ys[i] - (intercept + slope * x)) ** 2, 0);
  return { slope, se: n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : Number.NaN };
}

/**
 * One series: its values, the slope per 1,000 restarts over the samples after `warmup` (and its standard error), the
 * growth from the first sample after the warm-up to the last, and whether it is flat (no sample after the warm-up
 * above the first of them).
 */
export function analyse(samples, pick, warmup) {
  const values = samples.map(pick);
  const post = samples.slice(warmup);
  const xs = post.map((s) => s.restarts);
  const ys = post.map(pick);
  const { slope, se } = leastSquares(xs, ys);
  return {
    values,
    slopePer1000: slope * 1000,
    sePer1000: se * 1000,
    growth: ys.length > 0 ? ys.at(-1) - ys[0] : Number.NaN,
    flat: ys.length > 0 && ys.every((v) => v <= ys[0]),
  };
}

/** Every key that appears in `samples.map(pick)` objects (resource types, event names), sorted. */
export function keysOf(samples, pick) {
  return [...new Set(samples.flatMap((s) => Object.keys(pick(s))))].sort();
}
