// `sluice replay` against the real stack: the hydrate group of the test's own projector is moved back on its own
// dirty topic. The proof that a replay re-processed is a document deleted from Elasticsearch by hand (no change
// in Postgres, so only a replayed dirty mark can bring it back); the proof of idempotence is content unchanged.
import { waitFor } from '../../lib/waitFor.js';
import { completeTransactions, seedOrders, startLifecycleFixture, waitConverged, type LifecycleFixture } from '../../testkit/lifecycleFixture.js';
import { runSluice } from '../../testkit/sluiceCli.js';
import type { Doc } from '../../model/bulk/bulkPlan.js';
import type { ProjectorMetrics } from '../metrics.js';
import { customersProjection } from '../../model/projections/customers/customers.js';
import { ordersProjection } from '../../model/projections/orders/orders.js';
import { parseReplayFrom, replayProjection } from './replay.js';
import { consumerGroups } from '../../lib/names.js';

let s: LifecycleFixture;
beforeAll(async () => {
  s = await startLifecycleFixture();
}, 60_000);
afterAll(async () => s?.close());
beforeEach(async () => {
  if (!s.projector) await s.start();
});

/** What `sluice replay orders --from-beginning | --to-time <iso>` does, for the test's groups and topics. */
const replayOrders = (opts: { fromBeginning?: boolean; toTime?: string }) =>
  replayProjection({ kafka: s.ctx.kafka, projection: ordersProjection, dirtyPrefix: s.settings.dirtyPrefix, groupPrefix: s.settings.groupPrefix, from: parseReplayFrom(opts) });

const caughtUp = () => waitFor(() => s.caughtUp(ordersProjection), { timeoutMs: 60_000, description: 'hydrate group at the end of the orders dirty topic' });
const deleteByHand = (id: string) => s.es.delete({ index: `${s.tag}-orders`, id, refresh: true });

async function contents(ids: readonly string[]): Promise<Map<string, Doc | undefined>> {
  return new Map(await Promise.all(ids.map(async (id) => [id, (await s.doc('orders', id))?.doc] as const)));
}

/** Order documents this projector instance wrote or found already there (benign 409). */
async function ordersHydrated(m: ProjectorMetrics): Promise<number> {
  const values = [...(await m.documentsWritten.get()).values, ...(await m.conflicts.get()).values];
  return values.filter((v) => v.labels.projection === 'orders').reduce((sum, v) => sum + v.value, 0);
}

describe('sluice replay', () => {
  it('--from-beginning is refused while the projector runs; stopped, it re-processes every mark and changes no content', async () => {
    const seed = await seedOrders(s.admin, 3);
    await waitConverged(s, ordersProjection, seed.orderIds);
    await caughtUp();

    const refused = await runSluice(['replay', 'orders', '--from-beginning'], s.cliEnv);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`consumer group ${s.settings.groupPrefix}-hydrate is active`);
    expect(refused.out).toContain('stop the projector (sluice down projector) and run replay again');
    expect(await s.caughtUp(ordersProjection)).toBe(true);

    await s.stop();
    const before = await contents(seed.orderIds);
    const gone = seed.orderIds[0]!;
    await deleteByHand(gone);
    await completeTransactions(s.admin);
    const report = await replayOrders({ fromBeginning: true });
    expect(report).toMatchObject({ groupId: consumerGroups(s.settings.groupPrefix).hydrate, topic: `${s.settings.dirtyPrefix}.orders` });
    expect(report.partitions.map((p) => p.offset)).toEqual(['0', '0', '0']);
    expect(await s.doc('orders', gone)).toBeUndefined();

    const projector = await s.start();
    await waitFor(() => s.doc('orders', gone), { timeoutMs: 60_000, description: 'the deleted document back' });
    await caughtUp();
    expect(await contents(seed.orderIds)).toEqual(before);
    expect(await s.verify(ordersProjection, seed.orderIds)).toMatchObject({ missing: [], extra: [], stale: [] });
    expect(await s.verify(customersProjection, [seed.customerId])).toMatchObject({ missing: [], extra: [], stale: [] });
    expect(await ordersHydrated(projector.metrics)).toBeGreaterThanOrEqual(seed.orderIds.length);
  });

  it('--to-time replays the marks from that time on: a change after it is re-hydrated, one only before it is not', async () => {
    const [early, late] = [await seedOrders(s.admin, 1), await seedOrders(s.admin, 1)];
    const [earlyId, lateId] = [early.orderIds[0]!, late.orderIds[0]!];
    await s.admin.query(`UPDATE orders SET note = 'before T' WHERE id = $1`, [earlyId]);
    await waitConverged(s, ordersProjection, [earlyId, lateId]);
    await caughtUp();
    // Every mark so far was produced before T; the next one needs a commit, Debezium and the resolve stage: after.
    const at = new Date(Date.now() + 1);
    await s.admin.query(`UPDATE orders SET note = 'after T' WHERE id = $1`, [lateId]);
    await waitFor(async () => (await s.doc('orders', lateId))?.doc['note'] === 'after T', { timeoutMs: 60_000, description: 'late change indexed' });
    await caughtUp();

    await s.stop();
    await Promise.all([deleteByHand(earlyId), deleteByHand(lateId)]);
    await completeTransactions(s.admin);
    const report = await replayOrders({ toTime: at.toISOString() });
    // Not the beginning: the marks before T stay behind the reset point.
    expect(report.partitions.some((p) => p.offset !== '0')).toBe(true);

    await s.start();
    await waitConverged(s, ordersProjection, [lateId]);
    await caughtUp();
    expect((await s.doc('orders', lateId))?.doc['note']).toBe('after T');
    expect(await s.doc('orders', earlyId)).toBeUndefined();
  });

  it('needs exactly one of --from-beginning and --to-time, and an ISO time', async () => {
    expect(() => parseReplayFrom({})).toThrow('replay needs exactly one of --from-beginning or --to-time <ISO>');
    expect(() => parseReplayFrom({ fromBeginning: true, toTime: '2026-01-01T00:00:00Z' })).toThrow(/exactly one/);
    expect(() => parseReplayFrom({ toTime: 'yesterday' })).toThrow('--to-time yesterday: expected an ISO 8601 time like 2026-01-31T12:00:00Z');
  });
});
