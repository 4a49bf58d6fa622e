// Domain events next to table capture, on the stack `npm start` runs: orders are placed through the command API by
// closed-loop clients, and two consumers read what both connectors appended meanwhile: `sluice.events.order` (the
// outbox, routed by Debezium's event router) and the CDC topics of the tables a place-order writes. Reported per
// path: records per second delivered during the load, the delay from the command's commit to a consumer receiving
// the record (p50/p99; the commit time is the CDC record's source.ts_ms, matched to the event by its xid header),
// and how long each path needed after the last command to deliver everything. Then the capacity of each path: both connectors
// are paused, a backlog of orders is placed, both are resumed at once, and each path's drain rate is measured from
// the resume to its last record (records per second, events next to table changes).
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { cdcTopic, CONNECTORS, DEFAULT_TOPIC_PREFIX, eventTopic } from '../lib/names.js';
import { isTableName } from '../model/registry.js';
import { waitFor } from '../lib/waitFor.js';
import { adminSaslFrom } from '../lib/kafkaSasl.js';
import { connectFetch, connectRestFrom } from '../connectors/rest.js';
import { startGroupAtEnd } from '../testkit/kafka.js';
import { createAdminPool } from '../testkit/pg.js';
import { loadClient } from './measure/load.js';
import { spread, type Spread } from './measure/stats.js';
import { removeBenchCatalogue, seedBenchCatalogue } from './catalogue.js';
import { withFullStack, type StackEndpoints } from '../testkit/fullStack.js';

interface Seen { topic: string; appendedMs: number; xid: string; commitMs?: number }

export interface PathFigures { records: number; perSecond: number; commitToConsumerMs: Spread; drainMs: number }
export interface EventsBenchResult {
  commands: number;
  commandsPerSecond: number;
  events: PathFigures;
  tables: PathFigures & { topics: string[] };
  /** Records per second each path delivered while draining a backlog of `backlog` orders. */
  drain: { backlog: number; eventsPerSecond: number; tableRecordsPerSecond: number };
}

// The tables a place-order writes: a subset of the captured tables (model/registry.ts), whose other topics
// (customers, the heartbeat) carry no record of the load and would only dilute the figures.
const PLACE_ORDER_TABLES = ['orders', 'order_lines', 'products'].filter(isTableName);

async function connectors(action: 'pause' | 'resume'): Promise<void> {
  const rest = connectRestFrom(process.env);
  for (const name of CONNECTORS) {
    const res = await connectFetch(rest, `/connectors/${name}/${action}`, { method: 'PUT' });
    if (!res.ok) throw new Error(`${action} ${name}: Kafka Connect answered ${res.status}`);
  }
  const want = action === 'pause' ? 'PAUSED' : 'RUNNING';
  await waitFor(async () => {
    const states = await Promise.all(CONNECTORS.map(async (name) => ((await (await connectFetch(rest, `/connectors/${name}/status`)).json()) as { tasks?: Array<{ state: string }> }).tasks ?? []));
    return states.every((tasks) => tasks.length > 0 && tasks.every((t) => t.state === want));
  }, { timeoutMs: 60_000, description: `both connectors ${want}` });
}

const drainRate = (seen: readonly Seen[], from: number, count: number): number => {
  const last = Math.max(...seen.slice(-count).map((s) => s.appendedMs));
  return Math.round(count / Math.max(0.001, (last - from) / 1000));
};

async function collectFromEnd(kafka: Kafka, topics: readonly string[], onMessage: (s: Seen) => void): Promise<Consumer> {
  const groupId = `bench-events-${randomBytes(4).toString('hex')}`;
  await startGroupAtEnd(kafka, groupId, topics);
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics] });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      // When this consumer received it: the record timestamps are not comparable across the two paths (the event
      // router stamps an event with the time Debezium read it from the WAL, even while its connector is paused).
      const appendedMs = Date.now();
      const xidHeader = message.headers?.['xid']?.toString();
      if (xidHeader) return onMessage({ topic, appendedMs, xid: xidHeader });
      const value = JSON.parse(message.value?.toString() ?? 'null') as { source?: { txId?: number; ts_ms?: number } } | { payload?: { source?: { txId?: number; ts_ms?: number } } } | null;
      const source = value && ('source' in value ? value.source : 'payload' in value ? value.payload?.source : undefined);
      if (source?.txId !== undefined) onMessage({ topic, appendedMs, xid: String(source.txId), ...(source.ts_ms ? { commitMs: source.ts_ms } : {}) });
    },
  });
  return consumer;
}

function figures(seen: readonly Seen[], commitOf: Map<string, number>, loadMs: [number, number]): PathFigures {
  const during = seen.filter((s) => s.appendedMs >= loadMs[0] && s.appendedMs <= loadMs[1]).length;
  const delays = seen.flatMap((s) => (commitOf.has(s.xid) ? [s.appendedMs - commitOf.get(s.xid)!] : []));
  const last = Math.max(...seen.map((s) => s.appendedMs));
  return { records: seen.length, perSecond: Math.round(during / ((loadMs[1] - loadMs[0]) / 1000)), commitToConsumerMs: spread(delays), drainMs: Math.max(0, last - loadMs[1]) };
}

async function measure(stack: StackEndpoints, opts: { concurrency: number; durationMs: number; backlog: number }): Promise<EventsBenchResult> {
  const tag = `events${randomBytes(4).toString('hex')}`;
  const db = createAdminPool(undefined, 2);
  const sasl = adminSaslFrom(process.env);
  const kafka = new Kafka({ clientId: tag, brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING, ...(sasl ? { sasl } : {}) });
  const client = loadClient('http', opts.concurrency);
  const eventsTopic = eventTopic('order');
  const tableTopics = PLACE_ORDER_TABLES.map((t) => cdcTopic({ prefix: process.env['PROJECTOR_TOPIC_PREFIX'] ?? DEFAULT_TOPIC_PREFIX }, t));
  const events: Seen[] = [];
  const tables: Seen[] = [];
  const consumers: Consumer[] = [];
  try {
    const ids = await seedBenchCatalogue(db, tag);
    consumers.push(await collectFromEnd(kafka, [eventsTopic], (s) => void events.push(s)));
    consumers.push(await collectFromEnd(kafka, tableTopics, (s) => void tables.push(s)));
    const headers = { authorization: `Bearer ${stack.commandKey}`, 'content-type': 'application/json' };
    /** Closed-loop clients placing orders until `done` says stop; returns how many were placed. */
    const place = async (done: (n: number) => boolean): Promise<number> => {
      let n = 0;
      await Promise.all(
        Array.from({ length: opts.concurrency }, async (_, worker) => {
          for (let i = worker; !done(n); i += opts.concurrency) {
            const body = JSON.stringify({ customerId: ids.customers[i % ids.customers.length], lines: [{ productId: ids.products[i % ids.products.length], quantity: 1 }] });
            const res = await client.request(`${stack.commandUrl}/commands/place-order`, 'POST', headers, body);
            if (res.status === 201) n++;
          }
        }),
      );
      return n;
    };
    // Every order is one OrderPlaced event and one row in `orders`: wait until both paths delivered all of them.
    const delivered = (total: number) =>
      waitFor(() => events.length >= total && tables.filter((s) => s.topic.endsWith('.orders')).length >= total, { timeoutMs: 300_000, description: 'every order on both paths' });
    const t0 = Date.now();
    const placed = await place(() => Date.now() >= t0 + opts.durationMs);
    const t1 = Date.now();
    await delivered(placed);
    const commitOf = new Map(tables.flatMap((s) => (s.commitMs ? [[s.xid, s.commitMs] as const] : [])));
    const steady = {
      commands: placed,
      commandsPerSecond: Math.round(placed / ((t1 - t0) / 1000)),
      events: figures(events, commitOf, [t0, t1]),
      tables: { ...figures(tables, commitOf, [t0, t1]), topics: tableTopics },
    };
    // Capacity: a backlog held back by paused connectors, then released at once.
    const [eventsBefore, tablesBefore] = [events.length, tables.length];
    await connectors('pause');
    let backlog = 0;
    try {
      backlog = await place((n) => n >= opts.backlog);
    } finally {
      await connectors('resume');
    }
    const resumedAt = Date.now();
    await delivered(placed + backlog);
    const drain = {
      backlog,
      eventsPerSecond: drainRate(events, resumedAt, events.length - eventsBefore),
      tableRecordsPerSecond: drainRate(tables, resumedAt, tables.length - tablesBefore),
    };
    return { ...steady, drain };
  } finally {
    client.close();
    await Promise.all(consumers.map((c) => c.disconnect()));
    await removeBenchCatalogue(db, tag);
    await db.end();
  }
}

/** Runs against the whole stack as `npm start` runs it; what this run starts, it stops. */
export const runEventsBench = (opts: { concurrency?: number; durationMs?: number; backlog?: number } = {}): Promise<EventsBenchResult> =>
  withFullStack((stack) => measure(stack, { concurrency: opts.concurrency ?? 32, durationMs: opts.durationMs ?? 15_000, backlog: opts.backlog ?? 3_000 }));
