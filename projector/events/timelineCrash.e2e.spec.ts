// A timeline consumer killed (kill -9) in the middle of a stream of events, then started again: every event is
// seen at least once and applied exactly once, so each order ends with exactly its events, in order, as if nothing
// had happened. The consumer runs as its own process (testkit/timelineWorker.ts), the fault is a real SIGKILL.
// The first worker commits offsets only once a minute, so the kill always lands after writes whose offsets were
// not committed: the restarted worker is handed those events again and must not apply them twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { decodePosition } from '../../lib/position.js';
import { waitFor } from '../../lib/waitFor.js';
import { consumerGroups, eventTopic, indexNames } from '../../lib/names.js';
import { startCommandApp, seed, type CommandClient } from '../../testkit/commandApp.js';
import { startGroupAtEnd, testBrokers, testSasl } from '../../testkit/kafka.js';
import { testEsClient } from '../../testkit/elasticsearch.js';
import { ensureEventIndex } from '../../model/adapters/elasticsearch/eventDocStore.js';
import { createKafkaClient } from '../../model/adapters/kafka/client.js';
import { ensureTopics } from '../../model/adapters/kafka/admin.js';
import type { OrderTimeline } from '../../model/projections/timeline/fold.js';
import { ORDER_TIMELINE } from '../../model/projections/timeline/timeline.js';

const tag = randomBytes(4).toString('hex');
const prefix = `tlk-${tag}-`;
const groupPrefix = `sluice-test-${tag}`;
const es = testEsClient();
const kafka = createKafkaClient(testBrokers(), `timeline-crash-${tag}`, testSasl());
const alias = indexNames(ORDER_TIMELINE, prefix).alias;
let api: CommandClient;
const workers: ChildProcess[] = [];

function startWorker(commitMs: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../testkit/timelineWorker.ts', import.meta.url))], {
    env: { ...process.env, TIMELINE_PREFIX: prefix, TIMELINE_GROUP_PREFIX: groupPrefix, TIMELINE_COMMIT_MS: String(commitMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  workers.push(child);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('started') && resolve(child));
    child.once('exit', (code) => reject(new Error(`timeline worker exited with ${code} before it started`)));
  });
}

beforeAll(async () => {
  api = await startCommandApp();
  await ensureTopics(kafka, [eventTopic('order')], 4);
  await startGroupAtEnd(kafka, consumerGroups(groupPrefix).timeline, [eventTopic('order')]);
  await ensureEventIndex(es, ORDER_TIMELINE, prefix);
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await api.close();
  await es.indices.delete({ index: indexNames(ORDER_TIMELINE, prefix).index }, { ignore: [404] });
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([consumerGroups(groupPrefix).timeline]).catch(() => undefined);
  await admin.disconnect();
  await es.close();
});

const count = async (): Promise<number> => {
  await es.indices.refresh({ index: alias });
  return (await es.count({ index: alias })).count;
};

it('killed mid-stream and restarted, every order ends with exactly its events, in order', async () => {
  const { customerId, productIds } = await seed(api, [1_000]);
  let worker = await startWorker(60_000);
  const placed: Array<{ id: string; xids: string[] }> = [];
  let killedAfter = -1;
  for (let i = 0; i < 40; i++) {
    const order = await api.send('place-order', { customerId, lines: [{ productId: productIds[0]!, quantity: 1 }] });
    const paid = await api.send('pay-order', { orderId: order.body.id, amountCents: 1250, method: 'card' });
    expect([order.status, paid.status]).toEqual([201, 200]);
    placed.push({ id: order.body.id as string, xids: [order.body.position as string, paid.body.position as string].map((p) => decodePosition(p).xid.toString()) });
    // Once it has written some documents, and while events keep coming: kill -9.
    if (killedAfter < 0 && i >= 10 && (await count()) > 0) {
      worker.kill('SIGKILL');
      await new Promise((resolve) => worker.once('exit', resolve));
      killedAfter = i;
    }
  }
  expect(killedAfter).toBeGreaterThan(0);
  worker = await startWorker(100);
  const docs = await waitFor(async () => {
    const got = await Promise.all(placed.map(async (o) => (await es.get<OrderTimeline>({ index: alias, id: o.id }, { ignore: [404] }))._source));
    return got.every((d) => d?.eventCount === 2) ? got : undefined;
  }, { timeoutMs: 120_000, description: 'every order with both its events after the restart' });
  expect(docs.map((d) => ({ id: d!.orderId, types: d!.events.map((e) => e.type), xids: d!.events.map((e) => e.xid), status: d!.status })))
    .toEqual(placed.map((o) => ({ id: o.id, types: ['OrderPlaced', 'OrderPaid'], xids: o.xids, status: 'paid' })));
  worker.kill('SIGTERM');
}, 300_000);
