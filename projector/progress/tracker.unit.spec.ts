// Given a pipeline whose stages we move by hand, the tracker publishes a snapshot only once every stage has
// caught up with that snapshot, and never a snapshot older than one already published.
import { waitFor } from '../../lib/waitFor.js';
import type { ProgressDoc } from '../../model/progress/progressDoc.js';
import type { Offsets, ProgressSources } from './ports.js';
import { createProgressTracker } from './tracker.js';

const one = (topic: string, offset: number): Offsets => new Map([[topic, new Map([[0, BigInt(offset)]])]]);

function fakePipeline() {
  const state = { xmax: 10n, walLsn: 100n, connectLsn: 0n, cdcHigh: 5, resolved: 0, dirtyHigh: 3, hydrated: 0 };
  const published: ProgressDoc[] = [];
  const refreshed: string[] = [];
  const calls = { cdcMarks: 0, dirtyMarks: 0, hydrateReads: 0, connectorReads: 0 };
  const sources: ProgressSources = {
    takeSnapshot: async () => ({ snapshot: { xmin: state.xmax, xmax: state.xmax, xip: [] }, lsn: state.walLsn, lsnText: '0/64' }),
    connectorCommittedLsn: async () => (calls.connectorReads++, state.connectLsn),
    watermarks: async (topics) => {
      calls[topics[0] === 'cdc' ? 'cdcMarks' : 'dirtyMarks']++;
      return { high: topics[0] === 'cdc' ? one('cdc', state.cdcHigh) : one('dirty.orders', state.dirtyHigh), low: new Map() };
    },
    committed: async (group) => {
      if (group === 'hydrate') calls.hydrateReads++;
      return group === 'resolve' ? one('cdc', state.resolved) : one('dirty.orders', state.hydrated);
    },
    refresh: async (alias) => void refreshed.push(alias),
    publish: async (doc) => void published.push(doc),
  };
  return { state, published, refreshed, sources, calls };
}

describe('progress tracker', () => {
  it('publishes a snapshot only after connect, resolve and hydrate have each caught up with it, refreshing first', async () => {
    const { state, published, refreshed, sources, calls } = fakePipeline();
    const tracker = createProgressTracker({
      sources, cdcTopics: ['cdc'], resolveGroup: 'resolve', hydrateGroup: 'hydrate',
      projections: [{ name: 'orders', dirtyTopic: 'dirty.orders', alias: 'orders' }], intervalMs: 5,
    });
    tracker.start();
    try {
      state.resolved = 5;
      state.hydrated = 3;
      // The tracker runs (it asks the connector again and again) but the connector has not committed past L:
      // resolve and hydrate being idle proves nothing, so nothing moves.
      await waitFor(() => calls.connectorReads >= 3, { timeoutMs: 1_000, description: 'the connector polled several times' });
      expect({ cdcMarks: calls.cdcMarks, published: published.length, hydrateReads: calls.hydrateReads }).toEqual({ cdcMarks: 0, published: 0, hydrateReads: 0 });
      state.connectLsn = 100n;
      state.cdcHigh = 8; // the changes of F landed in the CDC topics: resolve must now reach 8
      await waitFor(() => calls.cdcMarks > 0, { timeoutMs: 1_000, description: 'CDC watermarks read after the connector passed L' });
      expect(calls.dirtyMarks).toBe(0);
      state.resolved = 8;
      state.dirtyHigh = 4;
      await waitFor(() => calls.hydrateReads > 2, { timeoutMs: 1_000, description: 'hydrate progress checked' });
      expect(published).toHaveLength(0); // hydrate is at 3 of 4
      state.hydrated = 4;
      await waitFor(() => published.length > 0, { timeoutMs: 2_000, description: 'a published snapshot' });
      expect(refreshed).toContain('orders');
      expect(published[0]).toMatchObject({ projection: 'orders', snapshot: { xmin: '10', xmax: '10', xip: [] }, lsn: '0/64' });
      state.xmax = 20n;
      await waitFor(() => published.some((d) => d.snapshot.xmax === '20'), { timeoutMs: 2_000, description: 'a newer snapshot' });
      const order = published.map((d) => Number(d.snapshot.xmax));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    } finally {
      await tracker.stop();
    }
  });

  it('keeps taking cycles and publishing other projections while one projection\'s refresh is slow', async () => {
    const { state, published, sources } = fakePipeline();
    Object.assign(state, { connectLsn: 1_000n, resolved: 5, hydrated: 3 });
    let releaseCustomers = (): void => undefined;
    const customersRefreshed = new Promise<void>((resolve) => (releaseCustomers = resolve));
    sources.refresh = async (alias) => (alias === 'customers' ? customersRefreshed : undefined);
    const tracker = createProgressTracker({
      sources, cdcTopics: ['cdc'], resolveGroup: 'resolve', hydrateGroup: 'hydrate', intervalMs: 5,
      projections: [
        { name: 'orders', dirtyTopic: 'dirty.orders', alias: 'orders' },
        { name: 'customers', dirtyTopic: 'dirty.orders', alias: 'customers' },
      ],
    });
    tracker.start();
    try {
      await waitFor(() => published.some((d) => d.projection === 'orders'), { timeoutMs: 1_000, description: 'orders published' });
      state.xmax = 20n;
      await waitFor(() => published.some((d) => d.projection === 'orders' && d.snapshot.xmax === '20'), {
        timeoutMs: 1_000, description: 'a newer orders snapshot while the customers refresh still hangs',
      });
      expect(published.filter((d) => d.projection === 'customers')).toHaveLength(0);
      // Orders' document carries the acknowledged snapshot too, never older than the searchable one.
      const newest = published.filter((d) => d.projection === 'orders').at(-1)!;
      expect(BigInt(newest.indexed!.snapshot.xmax)).toBeGreaterThanOrEqual(BigInt(newest.snapshot.xmax));
      releaseCustomers();
      await waitFor(() => published.some((d) => d.projection === 'customers'), { timeoutMs: 1_000, description: 'customers published once its refresh returned' });
    } finally {
      releaseCustomers();
      await tracker.stop();
    }
  });

  it('publishes an acknowledged snapshot as `indexed` before the refresh that makes it searchable returns', async () => {
    const { state, published, sources } = fakePipeline();
    Object.assign(state, { connectLsn: 1_000n, resolved: 5, hydrated: 3 });
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let hang = false;
    sources.refresh = async () => (hang ? gate : undefined);
    const tracker = createProgressTracker({
      sources, cdcTopics: ['cdc'], resolveGroup: 'resolve', hydrateGroup: 'hydrate', intervalMs: 5,
      projections: [{ name: 'orders', dirtyTopic: 'dirty.orders', alias: 'orders' }],
    });
    tracker.start();
    try {
      await waitFor(() => published.length > 0, { timeoutMs: 1_000, description: 'a first searchable snapshot' });
      hang = true;
      Object.assign(state, { xmax: 20n, dirtyHigh: 4, hydrated: 4 }); // a new write acknowledged: a refresh is due

      await waitFor(() => published.some((d) => d.indexed?.snapshot.xmax === '20'), { timeoutMs: 1_000, description: 'xmax 20 published as indexed' });
      // Not searchable yet: the refresh has not returned.
      expect(published.some((d) => d.snapshot.xmax === '20')).toBe(false);
      hang = false;
      release();
      await waitFor(() => published.some((d) => d.snapshot.xmax === '20'), { timeoutMs: 1_000, description: 'xmax 20 searchable once refreshed' });
    } finally {
      hang = false;
      release();
      await tracker.stop();
    }
  });

  it('publishes newer snapshots of an idle projection without refreshing it again, and refreshes once writes move on', async () => {
    const { state, published, refreshed, sources } = fakePipeline();
    Object.assign(state, { connectLsn: 1_000n, resolved: 5, hydrated: 3 });
    const tracker = createProgressTracker({
      sources, cdcTopics: ['cdc'], resolveGroup: 'resolve', hydrateGroup: 'hydrate', intervalMs: 5,
      projections: [{ name: 'orders', dirtyTopic: 'dirty.orders', alias: 'orders' }],
    });
    tracker.start();
    try {
      await waitFor(() => published.length > 0, { timeoutMs: 1_000, description: 'a first snapshot' });
      for (const xmax of [20n, 30n, 40n]) {
        state.xmax = xmax;
        await waitFor(() => published.some((d) => d.snapshot.xmax === String(xmax)), { timeoutMs: 1_000, description: `xmax ${xmax}` });
      }
      expect(refreshed).toHaveLength(1);
      Object.assign(state, { xmax: 50n, dirtyHigh: 4, hydrated: 4 });
      await waitFor(() => published.some((d) => d.snapshot.xmax === '50'), { timeoutMs: 1_000, description: 'xmax 50' });
      expect(refreshed).toHaveLength(2);
    } finally {
      await tracker.stop();
    }
  });
});
