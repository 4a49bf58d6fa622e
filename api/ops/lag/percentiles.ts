// Percentiles from a Prometheus histogram, the way histogram_quantile() computes them: find the bucket that holds
// the rank and interpolate linearly inside it. A window is the difference of two cumulative scrapes; a counter
// that went down means the projector restarted, and then the current scrape alone is the window.
import type { Histogram } from './sample.js';

type Buckets = Histogram['buckets'];

/** The q-quantile (0..1) in the histogram's unit, or null when it holds no observation. */
export function quantile(q: number, buckets: Buckets): number | null {
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let previousLe = 0;
  let previousCount = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank && bucket.count > previousCount) {
      // Above the last finite bound nothing is known: report that bound, as Prometheus does.
      if (!Number.isFinite(bucket.le)) return previousLe;
      return previousLe + ((bucket.le - previousLe) * (rank - previousCount)) / (bucket.count - previousCount);
    }
    if (Number.isFinite(bucket.le)) previousLe = bucket.le;
    previousCount = bucket.count;
  }
  return previousLe;
}

/** Upper bound of the highest bucket that gained an observation (the last finite bound for +Inf). */
export function maxBound(buckets: Buckets): number | null {
  let previousCount = 0;
  let previousLe = 0;
  let highest: number | null = null;
  for (const bucket of buckets) {
    if (bucket.count > previousCount) highest = Number.isFinite(bucket.le) ? bucket.le : previousLe;
    if (Number.isFinite(bucket.le)) previousLe = bucket.le;
    previousCount = bucket.count;
  }
  return highest;
}

/** current - baseline, bucket by bucket; the current scrape alone when the counters were reset. */
export function histogramDelta(current: Histogram, baseline: Histogram | undefined): Histogram {
  if (!baseline || current.count < baseline.count) return current;
  const before = new Map(baseline.buckets.map((b) => [b.le, b.count]));
  const buckets = current.buckets.map((b) => ({ le: b.le, count: b.count - (before.get(b.le) ?? 0) }));
  if (buckets.some((b) => b.count < 0)) return current;
  return { buckets, count: current.count - baseline.count, sum: current.sum - baseline.sum };
}

export interface Percentiles {
  p50: number | null;
  p99: number | null;
  max: number | null;
  count: number;
}

export const percentilesOf = (h: Histogram): Percentiles => ({
  p50: quantile(0.5, h.buckets),
  p99: quantile(0.99, h.buckets),
  max: maxBound(h.buckets),
  count: h.count,
});
