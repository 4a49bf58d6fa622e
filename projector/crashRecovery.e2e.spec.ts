// docs/reliability.md T01: a projector dies after Elasticsearch acknowledged a bulk but before the offset commit
// (and, as the control, before the bulk). A restarted projector replays from the last commit and converges: the
// test's documents equal a fresh build from Postgres, nothing is dead-lettered, replayed writes are at worst benign
// 409s. Each run has its own groups, topics and indexes, and its resolve group starts at the current end of the
// shared CDC topics: the test's own writes are the stream, not every earlier suite's history.
import { randomUUID } from 'node:crypto';
import { waitFor } from '../lib/waitFor.js';
import { startIsolatedProjector, type IsolatedProjector } from '../testkit/isolatedProjector.js';
import type { FaultHook, FaultPoint } from './hydrate/hydrateStage.js';
import type { ProjectorMetrics } from './metrics.js';
import { customersProjection } from '../model/projections/customers/customers.js';
import type { Projection } from '../model/projections/declaration.js';
import { ordersProjection } from '../model/projections/orders/orders.js';
import { productsProjection } from '../model/projections/products/products.js';
import { differing } from './verify/recheck.js';
import { consumerGroups, readAlias } from '../lib/names.js';

const stacks: IsolatedProjector[] = [];
afterAll(async () => {
  for (const stack of stacks) await stack.close();
});

/** Own groups, topics and indexes; the resolve group is committed at the CDC topics' current end. */
async function isolated(): Promise<IsolatedProjector> {
  const stack = await startIsolatedProjector({ label: 't01', start: false });
  stacks.push(stack);
  return stack;
}

/** The next offset the group would read on that partition (-1: nothing committed yet). */
async function committed(stack: IsolatedProjector, topic: string, partition: number): Promise<bigint> {
  const [offsets] = await stack.kafka.fetchOffsets({ groupId: consumerGroups(stack.settings.groupPrefix).hydrate, topics: [topic] });
  return BigInt(offsets?.partitions.find((p) => p.partition === partition)?.offset ?? '-1');
}

/** Crashes once at `point`; afterwards the instance is dead: every later batch fails before doing anything. */
function crashingAt(point: FaultPoint) {
  let crash: { topic: string; partition: number; offset: string } | undefined;
  const fault: FaultHook = (at, where) => {
    if (crash) throw new Error('fault: this instance has crashed');
    if (at !== point) return;
    crash = where;
    throw new Error(`fault: crash ${point}`);
  };
  return { fault, crashed: () => crash };
}

const hydrateLetters = async (m: ProjectorMetrics) =>
  (await m.deadLettered.get()).values.filter((v) => v.labels.stage === 'hydrate').reduce((sum, v) => sum + v.value, 0);
const total = async (c: ProjectorMetrics['deadLettered'] | ProjectorMetrics['documentsWritten'] | ProjectorMetrics['conflicts']) =>
  (await c.get()).values.reduce((sum, v) => sum + v.value, 0);

async function workload({ admin }: IsolatedProjector) {
  const [customer, product] = [randomUUID(), randomUUID()];
  await admin.query(`INSERT INTO customers (id, name, email) VALUES ($1, 'Crash Test', $2)`, [customer, `${customer}@example.com`]);
  await admin.query(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, 'Fuse', 'parts', 100, 1000)`, [product, `SKU-${product}`]);
  const orders = Array.from({ length: 40 }, () => randomUUID());
  for (const id of orders) {
    await admin.query(`INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, 100)`, [id, customer]);
    await admin.query(`INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, 1, 100)`, [id, product]);
  }
  await admin.query(`UPDATE orders SET status = 'paid', paid_at = now(), version = version + 1 WHERE id = ANY($1::uuid[])`, [orders.slice(0, 20)]);
  await admin.query('DELETE FROM orders WHERE id = ANY($1::uuid[])', [orders.slice(30)]);
  return new Map<Projection, string[]>([[ordersProjection, orders], [customersProjection, [customer]], [productsProjection, [product]]]);
}

/** Until every document equals a fresh build from one Postgres snapshot (absent counts). */
async function converged(stack: IsolatedProjector, scope: Map<Projection, string[]>): Promise<void> {
  await waitFor(
    async () => {
      for (const [projection, ids] of scope) if (differing(await stack.verify(projection, ids)).length > 0) return false;
      return true;
    },
    { timeoutMs: 120_000, intervalMs: 500, description: 'documents equal a fresh build' },
  );
}

describe.each<FaultPoint>(['after-bulk', 'before-bulk'])('T01: projector crash %s, before the offset commit', (point) => {
  it('restarts from the last commit and converges with only benign conflicts', async () => {
    const stack = await isolated();
    const { fault, crashed } = crashingAt(point);
    const first = await stack.start({ fault });
    const scope = await workload(stack);
    const crash = await waitFor(crashed, { timeoutMs: 60_000, description: `a crash ${point}` });
    await stack.stop();
    // The crashed chunk stays uncommitted: a restart must read it again.
    expect(await committed(stack, crash.topic, crash.partition)).toBeLessThanOrEqual(BigInt(crash.offset));

    const second = await stack.start();
    try {
      await waitFor(async () => (await committed(stack, crash.topic, crash.partition)) > BigInt(crash.offset), { timeoutMs: 120_000, description: 'crashed chunk replayed' });
      await converged(stack, scope);
      const alias = readAlias(ordersProjection.name, stack.settings.indexPrefix);
      await stack.es.indices.refresh({ index: alias });
      const ours = { ids: { values: scope.get(ordersProjection) ?? [] } };
      const paid = await stack.es.count({ index: alias, query: { bool: { filter: [ours, { term: { status: 'paid' } }] } } });
      expect(paid.count).toBe(20);
      expect(await hydrateLetters(first.metrics)).toBe(0);
      expect(await hydrateLetters(second.metrics)).toBe(0);
      // Only benign outcomes: the restarted projector rewrote the crashed chunk (every replayed item either
      // written, or a 409 against an equal or newer version, counted as benign), and nothing anywhere was parked.
      expect((await total(second.metrics.documentsWritten)) + (await total(second.metrics.conflicts))).toBeGreaterThan(0);
      expect(await total(first.metrics.deadLettered)).toBe(0);
      expect(await total(second.metrics.deadLettered)).toBe(0);
    } finally {
      await stack.stop();
    }
  }, 180_000);
});
