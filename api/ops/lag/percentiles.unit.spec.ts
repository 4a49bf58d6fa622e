import { histogramDelta, maxBound, percentilesOf, quantile } from './percentiles.js';
import type { Histogram } from './sample.js';

const h = (pairs: [number, number][], sum = 0): Histogram => ({ buckets: pairs.map(([le, count]) => ({ le, count })), count: pairs.at(-1)?.[1] ?? 0, sum });

describe('percentiles from histogram buckets', () => {
  it('given no observation, when asked for a quantile, then there is none', () => {
    expect(quantile(0.5, h([[0.1, 0], [1, 0], [Infinity, 0]]).buckets)).toBeNull();
    expect(quantile(0.5, [])).toBeNull();
    expect(maxBound([])).toBeNull();
  });

  it('given observations spread over buckets, when asked for p50, then it interpolates inside the holding bucket', () => {
    // 10 in (0, 0.1], 10 in (0.1, 1]: rank 10 is the top of the first bucket, rank 15 half way into the second.
    const buckets = h([[0.1, 10], [1, 20], [Infinity, 20]]).buckets;
    expect(quantile(0.5, buckets)).toBeCloseTo(0.1);
    expect(quantile(0.75, buckets)).toBeCloseTo(0.55);
    expect(quantile(0.99, buckets)).toBeCloseTo(0.982);
  });

  it('given observations above the last finite bound, then quantile and max report that bound', () => {
    const buckets = h([[1, 1], [60, 1], [Infinity, 5]]).buckets;
    expect(quantile(0.99, buckets)).toBe(60);
    expect(maxBound(buckets)).toBe(60);
  });

  it('given empty leading buckets, then the max is the bound of the highest bucket that gained', () => {
    const buckets = h([[0.005, 0], [0.5, 3], [1, 3], [2.5, 4], [Infinity, 4]]).buckets;
    expect(maxBound(buckets)).toBe(2.5);
    expect(percentilesOf(h([[0.005, 0], [0.5, 3], [1, 3], [2.5, 4], [Infinity, 4]]))).toMatchObject({ max: 2.5, count: 4 });
  });

  it('given two scrapes, when their difference is taken, then only the window counts', () => {
    const before = h([[0.1, 10], [1, 10], [Infinity, 10]], 0.5);
    const now = h([[0.1, 10], [1, 14], [Infinity, 14]], 2.5);
    const window = histogramDelta(now, before);
    expect(window).toEqual({ buckets: [{ le: 0.1, count: 0 }, { le: 1, count: 4 }, { le: Infinity, count: 4 }], count: 4, sum: 2 });
    expect(quantile(0.5, window.buckets)).toBeCloseTo(0.55);
  });

  it('given a restarted projector (counters went down), then the current scrape alone is the window', () => {
    const before = h([[1, 50], [Infinity, 50]]);
    const now = h([[1, 3], [Infinity, 3]]);
    expect(histogramDelta(now, before)).toBe(now);
    expect(histogramDelta(now, undefined)).toBe(now);
  });
});
