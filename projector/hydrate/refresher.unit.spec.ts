import { jest } from '@jest/globals';
import { waitFor } from '../../lib/waitFor.js';
import { createRefresher } from './refresher.js';

function setup(minIntervalMs: number) {
  let clock = 1_000;
  const refreshes: Array<{ alias: string; release: () => void }> = [];
  const observed: number[] = [];
  const refresher = createRefresher({
    refresh: (alias) => new Promise<void>((release) => refreshes.push({ alias, release })),
    observe: (_alias, seconds) => observed.push(seconds),
    minIntervalMs,
    now: () => clock,
  });
  return { refresher, refreshes, observed, tick: (ms: number) => (clock += ms) };
}

describe('the refresher', () => {
  it('refreshes once for everything written meanwhile, one refresh at a time, and observes commit to searchable', async () => {
    const { refresher, refreshes, observed, tick } = setup(0);
    refresher.written('orders', [900]);
    await waitFor(() => refreshes.length === 1, { timeoutMs: 1_000, intervalMs: 1 });
    refresher.written('orders', [950]);
    refresher.written('orders', [960]);
    tick(100);
    refreshes[0]!.release();
    await waitFor(() => refreshes.length === 2, { timeoutMs: 1_000, intervalMs: 1 });
    expect(observed).toEqual([0.2]);
    tick(50);
    refreshes[1]!.release();
    await waitFor(() => observed.length === 3, { timeoutMs: 1_000, intervalMs: 1 });
    expect(observed.slice(1)).toEqual([0.2, 0.19]);
    refresher.stop();
  });

  it('never refreshes an idle alias, and keeps aliases apart', async () => {
    const { refresher, refreshes } = setup(0);
    // Every timer the refresher could have set runs now: none may refresh anything.
    jest.useFakeTimers();
    try {
      await jest.runAllTimersAsync();
    } finally {
      jest.useRealTimers();
    }
    expect(refreshes).toHaveLength(0);
    refresher.written('orders', [1]);
    refresher.written('products', []);
    await waitFor(() => refreshes.length === 2, { timeoutMs: 1_000, intervalMs: 1 });
    expect(refreshes.map((r) => r.alias).sort()).toEqual(['orders', 'products']);
    refresher.stop();
  });

  it('after stop, schedules nothing more', async () => {
    const { refresher, refreshes } = setup(10_000);
    refresher.written('orders', [1]);
    await waitFor(() => refreshes.length === 1, { timeoutMs: 1_000, intervalMs: 1 });
    refresher.written('orders', [2]);
    refresher.stop();
    jest.useFakeTimers();
    try {
      refreshes[0]!.release();
      // Whatever the release would schedule (the 10 s interval included) runs now: nothing may start.
      await jest.runAllTimersAsync();
    } finally {
      jest.useRealTimers();
    }
    expect(refreshes).toHaveLength(1);
  });
});
