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

  it('answers a waiter at once when every write is covered, else with the first refresh that began after its writes', async () => {
    const { refresher, refreshes } = setup(0);
    let served = 0;
    // Nothing written: nothing to wait for, and no refresh is started for it.
    await refresher.refreshed('orders');
    expect(refreshes).toHaveLength(0);
    refresher.written('orders', [1]);
    await waitFor(() => refreshes.length === 1, { timeoutMs: 1_000, intervalMs: 1 });
    // Asked while that refresh is in flight and nothing was written since it began: it is served by it.
    const riding = refresher.refreshed('orders').then(() => void served++);
    // A write after the refresh began is not covered by it: this waiter needs the next refresh.
    refresher.written('orders', [2]);
    const next = refresher.refreshed('orders').then(() => void served++);
    refreshes[0]!.release();
    await riding;
    expect(served).toBe(1);
    await waitFor(() => refreshes.length === 2, { timeoutMs: 1_000, intervalMs: 1 });
    // The second write is not searchable yet: a new waiter is not answered before the second refresh returns.
    const late = refresher.refreshed('orders').then(() => void served++);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(served).toBe(1);
    refreshes[1]!.release();
    await Promise.all([next, late]);
    expect(served).toBe(3);
    // Everything is covered again: answered without a refresh.
    await refresher.refreshed('orders');
    expect(refreshes).toHaveLength(2);
    refresher.stop();
  });

  it('rejects waiters when their refresh fails or the refresher stops', async () => {
    let fail = true;
    let calls = 0;
    const refresher = createRefresher({
      refresh: async () => { calls++; if (fail) throw new Error('es down'); }, observe: () => undefined, minIntervalMs: 0,
    });
    refresher.written('orders', [1]);
    await expect(refresher.refreshed('orders')).rejects.toThrow('es down');
    // The failed refresh covered nothing: the next waiter gets a refresh of its own instead of an answer at once.
    fail = false;
    await refresher.refreshed('orders');
    expect(calls).toBe(2);
    refresher.stop();
    const stopped = createRefresher({ refresh: () => new Promise<void>(() => undefined), observe: () => undefined, minIntervalMs: 0 });
    stopped.written('orders', [1]);
    const pending = stopped.refreshed('orders');
    const late = stopped.refreshed('orders');
    stopped.stop();
    await expect(late).rejects.toThrow('stopped');
    void pending.catch(() => undefined);
  });
});
