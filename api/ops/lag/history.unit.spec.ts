import { baselineFor, createHistory, ratePerSecond } from './history.js';
import type { Sample } from './sample.js';

const down = { state: 'unavailable', reason: 'x' } as const;
const sample = (at: number, wal?: number): Sample => ({
  at,
  slot: wal === undefined ? down : { state: 'ok', value: { walPositionBytes: wal } as never },
  connector: down,
  kafka: down,
  indexes: down,
  commitToIndexed: down,
  routing: down,
  stageSeconds: down,
  frozen: down,
});
const wal = (s: Sample) => (s.slot.state === 'ok' ? s.slot.value.walPositionBytes : undefined);

describe('history and throughput', () => {
  it('keeps only the newest samples up to its capacity', () => {
    const history = createHistory(2);
    [1, 2, 3].forEach((at) => history.push(sample(at)));
    expect(history.samples().map((s) => s.at)).toEqual([2, 3]);
  });

  it('given samples every 2 s, when a 10 s window is asked, then the baseline is the newest one at least 10 s old', () => {
    const samples = [0, 2_000, 4_000, 6_000, 8_000, 10_000, 12_000].map((at) => sample(at));
    expect(baselineFor(samples, 14_000, 10_000)?.at).toBe(4_000);
  });

  it('given a history shorter than the window, then the oldest sample is the baseline', () => {
    expect(baselineFor([sample(1_000), sample(3_000)], 4_000, 60_000)?.at).toBe(1_000);
    expect(baselineFor([], 4_000, 60_000)).toBeUndefined();
  });

  it('turns counter growth into a rate per second', () => {
    expect(ratePerSecond(sample(12_000, 5_000), sample(2_000, 1_000), wal)).toBe(400);
  });

  it('gives no rate without a baseline, with an unmeasured side, or when the counter went down', () => {
    expect(ratePerSecond(sample(2_000, 5), undefined, wal)).toBeNull();
    expect(ratePerSecond(sample(2_000, 5), sample(1_000), wal)).toBeNull();
    expect(ratePerSecond(sample(2_000, 5), sample(1_000, 9), wal)).toBeNull();
  });
});
