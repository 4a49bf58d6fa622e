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

  it('serves a waiter with the first refresh that begins after it asked, starting one when none is due', async () => {
    const { refresher, refreshes } = setup(0);
    let served = 0;
    // Idle: asking starts a refresh.
    const first = refresher.refreshed('orders').then(() => void served++);
    await waitFor(() => refreshes.length === 1, { timeoutMs: 1_000, intervalMs: 1 });
    // Asked while a refresh is in flight: that refresh began earlier, so the next one serves it.
    const second = refresher.refreshed('orders').then(() => void served++);
    refreshes[0]!.release();
    await first;
    expect(served).toBe(1);
    await waitFor(() => refreshes.length === 2, { timeoutMs: 1_000, intervalMs: 1 });
    expect(served).toBe(1);
    refreshes[1]!.release();
    await second;
    expect(served).toBe(2);
    refresher.stop();
  });

  it('rejects waiters when their refresh fails or the refresher stops', async () => {
    const refresher = createRefresher({ refresh: () => Promise.reject(new Error('es down')), observe: () => undefined, minIntervalMs: 0 });
    await expect(refresher.refreshed('orders')).rejects.toThrow('es down');
    const stopped = createRefresher({ refresh: () => new Promise<void>(() => undefined), observe: () => undefined, minIntervalMs: 0 });
    const pending = stopped.refreshed('orders');
    const late = stopped.refreshed('orders');
    stopped.stop();
    await expect(late).rejects.toThrow('stopped');
    void pending.catch(() => undefined);
  });
});
