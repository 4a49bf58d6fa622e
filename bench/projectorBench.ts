// Projector throughput and freshness on the running stack, next to their ceilings. (a) A backlog of orders lands in
// Kafka while no projector of this run exists (Debezium's own rate is ceiling 1); a fresh projector whose resolve
// group starts right before the backlog drains it (events/s, docs/s); the same order documents, prebuilt with the
// projection's SQL, bulk-loaded into a scratch index give Elasticsearch's rate (ceiling 2). (b) Under a steady
// order load, commit -> first visible in a search (what a user sees, refresh included).
import Table from 'cli-table3';
import type pg from 'pg';
import { waitFor } from '../lib/waitFor.js';
import type { EsClient } from '../model/adapters/elasticsearch/client.js';
import { capturedTopics } from '../model/registry.js';
import { loadProjectorConfig, settingsFrom } from '../projector/operations.js';
import { indexMapping } from '../model/projections/mapping.js';
import { ordersProjection } from '../model/projections/orders/orders.js';
import { hydrationSql } from '../model/projections/sql.js';
import { projections } from '../model/registry.js';
import { createAdminPool } from '../testkit/pg.js';
import { startIsolatedProjector, type IsolatedProjector } from '../testkit/isolatedProjector.js';
import { cdcTopic, consumerGroups, dirtyTopic, readAlias } from '../lib/names.js';

/** `orders` x (1 + `linesPerOrder`) backlog events; then `ordersPerSecond` for `loadMs` of steady load. */
export type ProjectorBenchOptions = Partial<{ orders: number; linesPerOrder: number; ordersPerSecond: number; loadMs: number; print: boolean }>;

export interface ProjectorBenchResult {
  backlogEvents: number;
  /** Ceiling 1 for events/s; ceiling 2 (esBulkDocsPerSec) for order docs/s. */
  debeziumEventsPerSec: number;
  projectorEventsPerSec: number;
  projectorDocsPerSec: number;
  /** Elasticsearch writes per distinct document of the backlog (1 = no document written twice). */
  writesPerDocument: number;
  projectorOrderDocsPerSec: number;
  esBulkDocsPerSec: number;
  latency: { orders: number; p50Ms: number; p99Ms: number; maxMs: number; unseen: number };
}

type Admin = IsolatedProjector['kafka'];
type Seeded = { customers: string[]; products: string[] };
type Offsets = Map<string, Array<{ partition: number; offset: string }>>;
const round = Math.round;
const sumOf = (o: Offsets, topics: readonly string[]) => topics.flatMap((t) => o.get(t) ?? []).reduce((s, p) => s + Number(p.offset), 0);
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const highs = async (admin: Admin, topics: readonly string[]): Promise<Offsets> =>
  new Map(await Promise.all(topics.map(async (t) => [t, (await admin.fetchTopicOffsets(t)).map((p) => ({ partition: p.partition, offset: p.high }))] as const)));
// -1 (nothing committed yet) counts as 0.
const committed = async (admin: Admin, groupId: string, topics: readonly string[]): Promise<Offsets> =>
  new Map((await admin.fetchOffsets({ groupId, topics: [...topics] })).map((r) => [r.topic, r.partitions.map((p) => ({ partition: p.partition, offset: String(Math.max(0, Number(p.offset))) }))]));

async function seed(db: pg.Pool, tag: string): Promise<Seeded> {
  const [customers, products] = [await db.query<{ id: string }>(`INSERT INTO customers (id, name, email) SELECT gen_random_uuid(), $1 || ' ' || g, $1 || g || '@example.com' FROM generate_series(1, 200) g RETURNING id`, [tag]), await db.query<{ id: string }>(`INSERT INTO products (id, sku, name, category, price_cents, stock) SELECT gen_random_uuid(), $1 || '-' || g, 'Bench ' || g, 'cat' || g % 9, 100 + g, 1000000 FROM generate_series(1, 50) g RETURNING id`, [tag])];
  return { customers: customers.rows.map((r) => r.id), products: products.rows.map((r) => r.id) };
}

// One statement per chunk: orders and their lines (distinct products) in one transaction each.
const BACKLOG_SQL = `WITH o AS (INSERT INTO orders (id, customer_id, total_cents, note)
    SELECT gen_random_uuid(), ($2::uuid[])[1 + g % array_length($2::uuid[], 1)], 200, $1 FROM generate_series(1, $4::int) g RETURNING id),
  n AS (SELECT id, row_number() OVER () AS rn FROM o)
  INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents)
  SELECT n.id, ($3::uuid[])[1 + (n.rn * 7 + k) % array_length($3::uuid[], 1)], 1, 100 FROM n CROSS JOIN generate_series(0, $5::int - 1) k`;

/** Inserts the backlog while watching the CDC high watermarks: Debezium's events/s from first to last landed. */
async function backlog(db: pg.Pool, admin: Admin, topicPrefix: string, tag: string, ids: Seeded, orders: number, lines: number) {
  // The tables BACKLOG_SQL writes.
  const topics = ['orders', 'order_lines'].map((t) => cdcTopic({ prefix: topicPrefix }, t));
  const before = sumOf(await highs(admin, topics), topics);
  const expected = orders * (1 + lines);
  let first = 0;
  const landed = waitFor(async () => {
    const n = sumOf(await highs(admin, topics), topics) - before;
    if (n > 0 && first === 0) first = performance.now();
    return n >= expected ? performance.now() : undefined;
  }, { timeoutMs: 180_000, intervalMs: 50, description: 'backlog in Kafka' });
  for (let done = 0; done < orders; done += 5_000) await db.query(BACKLOG_SQL, [tag, ids.customers, ids.products, Math.min(5_000, orders - done), lines]);
  return { events: expected, perSec: expected / (((await landed) - first) / 1000) };
}

/** Starts a fresh projector whose resolve group begins at `start`; events/s and docs/s until both stages have lag 0. */
async function catchUp(iso: IsolatedProjector, start: Offsets, events: number, documents: { orders: number; all: number }) {
  const [admin, groups] = [iso.kafka, consumerGroups(iso.settings.groupPrefix)];
  for (const [topic, partitions] of start) await admin.setOffsets({ groupId: groups.resolve, topic, partitions });
  const [cdc, dirty] = [[...start.keys()], projections.map((p) => dirtyTopic(iso.settings.dirtyPrefix, p.name))];
  const target = await highs(admin, cdc);
  const projector = await iso.start();
  const t0 = performance.now();
  const done = async () => {
    const resolved = await committed(admin, groups.resolve, cdc);
    if (cdc.some((t) => (target.get(t) ?? []).some((p) => Number(p.offset) > Number(resolved.get(t)?.find((c) => c.partition === p.partition)?.offset ?? 0)))) return false;
    return sumOf(await highs(admin, dirty), dirty) === sumOf(await committed(admin, groups.hydrate, dirty), dirty);
  };
  await waitFor(done, { timeoutMs: 240_000, intervalMs: 250, description: 'projector lag 0' });
  const [seconds, written] = [(performance.now() - t0) / 1000, (await projector.metrics.documentsWritten.get()).values];
  // Documents brought up to date per second (each distinct document once), and how many writes that took.
  const writes = written.reduce((s, v) => s + v.value, 0);
  return { alias: readAlias(ordersProjection.name, iso.settings.indexPrefix), eventsPerSec: events / seconds, docsPerSec: documents.all / seconds, orderDocsPerSec: documents.orders / seconds, writesPerDocument: writes / documents.all };
}

/** Elasticsearch's own rate for the same order documents: prebuilt, then bulk-loaded 500 at a time like hydrate. */
async function esCeiling(db: pg.Pool, es: EsClient, tag: string): Promise<number> {
  const ids = (await db.query<{ id: string }>('SELECT id::text FROM orders WHERE note = $1', [tag])).rows.map((r) => r.id);
  const pages: Array<Array<{ id: string; doc: object }>> = [];
  for (let i = 0; i < ids.length; i += 500) pages.push((await db.query<{ id: string; doc: object }>(hydrationSql(ordersProjection), [ids.slice(i, i + 500)])).rows);
  const index = `${tag}-scratch`; // deleted with the run's other indexes (prefix)
  await es.indices.create({ index, settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '1s' }, mappings: indexMapping(ordersProjection) as never });
  const t0 = performance.now();
  for (const page of pages) {
    const response = await es.bulk({ operations: page.flatMap((r) => [{ index: { _index: index, _id: r.id, version: 1, version_type: 'external' } }, r.doc]) });
    if (response.errors) throw new Error('scratch bulk reported item errors');
  }
  return ids.length / ((performance.now() - t0) / 1000);
}

async function placeOrder(db: pg.Pool, tag: string, ids: Seeded, i: number): Promise<{ id: string; committedAt: number }> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const [row] = (await client.query<{ id: string }>('INSERT INTO orders (id, customer_id, total_cents, note) VALUES (gen_random_uuid(), $1, 200, $2) RETURNING id', [ids.customers[i % ids.customers.length], tag])).rows;
    await client.query('INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, 2, 100)', [row!.id, ids.products[i % ids.products.length]]);
    await client.query('COMMIT');
    return { id: row!.id, committedAt: performance.now() };
  } finally {
    client.release();
  }
}

/** Steady load; a poller searches the alias for every pending id: latency = first hit - client-side commit. */
async function freshness(db: pg.Pool, es: EsClient, alias: string, tag: string, ids: Seeded, perSec: number, loadMs: number) {
  const [committedAt, latencies] = [new Map<string, number>(), [] as number[]];
  let loading = true;
  const poller = (async () => {
    for (let quietUntil = Infinity; loading || (committedAt.size > 0 && performance.now() < quietUntil); ) {
      if (!loading && quietUntil === Infinity) quietUntil = performance.now() + 30_000;
      const pending = [...committedAt.keys()];
      const found = pending.length === 0 ? [] : (await es.search({ index: alias, size: pending.length, _source: false, query: { ids: { values: pending } } })).hits.hits;
      const now = performance.now();
      found.forEach((hit) => latencies.push(now - committedAt.get(hit._id!)!) && committedAt.delete(hit._id!));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const [t0, writes] = [performance.now(), [] as Array<Promise<void>>];
  try {
    for (let i = 0; i < (perSec * loadMs) / 1000; i++) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, t0 + (i * 1000) / perSec - performance.now())));
      writes.push(placeOrder(db, tag, ids, i).then((o) => void committedAt.set(o.id, o.committedAt)));
    }
    await Promise.all(writes);
  } finally {
    loading = false; // also ends the poller when a write failed
  }
  await poller;
  const sorted = latencies.sort((a, b) => a - b);
  return { orders: sorted.length + committedAt.size, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted.at(-1) ?? NaN), unseen: committedAt.size };
}

async function cleanup(db: pg.Pool, iso: IsolatedProjector): Promise<void> {
  const { tag } = iso;
  await iso.close();
  await db.query('DELETE FROM orders WHERE note = $1', [tag]);
  await db.query('DELETE FROM customers WHERE name LIKE $1', [`${tag} %`]);
  await db.query('DELETE FROM products WHERE sku LIKE $1', [`${tag}-%`]);
}

export async function runProjectorBench(opts: ProjectorBenchOptions = {}): Promise<ProjectorBenchResult> {
  // The stack's own partition count; the resolve group's offsets are set by catchUp (no commit at start-up).
  const { dirtyPartitions } = settingsFrom(loadProjectorConfig(process.env));
  const iso = await startIsolatedProjector({ label: 'bench', from: 'start', start: false, settings: { dirtyPartitions } });
  const [tag, admin, es, db] = [iso.tag, iso.kafka, iso.es, createAdminPool(undefined, 10)];
  try {
    const ids = await seed(db, tag);
    const start = await highs(admin, capturedTopics(iso.settings.topicPrefix));
    const debezium = await backlog(db, admin, iso.settings.topicPrefix, tag, ids, opts.orders ?? 20_000, opts.linesPerOrder ?? 2);
    const orders = opts.orders ?? 20_000;
    const run = await catchUp(iso, start, debezium.events, { orders, all: orders + ids.customers.length + ids.products.length });
    const esDocsPerSec = await esCeiling(db, es, tag);
    const latency = await freshness(db, es, run.alias, tag, ids, opts.ordersPerSecond ?? 50, opts.loadMs ?? 20_000);
    const result = { backlogEvents: debezium.events, debeziumEventsPerSec: round(debezium.perSec), projectorEventsPerSec: round(run.eventsPerSec), projectorDocsPerSec: round(run.docsPerSec), writesPerDocument: Math.round(run.writesPerDocument * 100) / 100, projectorOrderDocsPerSec: round(run.orderDocsPerSec), esBulkDocsPerSec: round(esDocsPerSec), latency };
    if (opts.print !== false) printResult(result);
    return result;
  } finally {
    await cleanup(db, iso).catch((error: unknown) => console.error('bench cleanup failed', error));
    await db.end();
  }
}

function printResult(r: ProjectorBenchResult): void {
  const [l, table, ratio] = [r.latency, new Table({ head: ['measure', 'rate', 'ceiling', 'of ceiling'] }), (a: number, b: number) => `${((100 * a) / b).toFixed(0)}%`];
  table.push(
    ['Debezium -> Kafka (ceiling 1), events/s', r.debeziumEventsPerSec, '', ''],
    [`projector catch-up, events/s (${r.backlogEvents} events)`, r.projectorEventsPerSec, r.debeziumEventsPerSec, ratio(r.projectorEventsPerSec, r.debeziumEventsPerSec)],
    ['Elasticsearch raw bulk, order docs/s (ceiling 2)', r.esBulkDocsPerSec, '', ''],
    ['projector catch-up, order docs/s', r.projectorOrderDocsPerSec, r.esBulkDocsPerSec, ratio(r.projectorOrderDocsPerSec, r.esBulkDocsPerSec)],
    ['projector catch-up, all docs/s (orders+customers+products)', r.projectorDocsPerSec, r.esBulkDocsPerSec, ratio(r.projectorDocsPerSec, r.esBulkDocsPerSec)],
    ['Elasticsearch writes per document during catch-up', r.writesPerDocument, '', ''],
    [`commit -> searchable, ms (${l.orders} orders, ${l.unseen} unseen)`, `p50 ${l.p50Ms} / p99 ${l.p99Ms} / max ${l.maxMs}`, '', ''],
  );
  console.log(table.toString());
}

if (process.argv[1]?.endsWith('projectorBench.ts')) {
  runProjectorBench({ orders: Number(process.env['BENCH_ORDERS'] ?? 20_000) }).catch((error: unknown) => void (console.error(error), (process.exitCode = 1)));
}
