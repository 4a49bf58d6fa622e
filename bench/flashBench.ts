// The flash sale: every order for ONE product, open loop through the command API (its own process, default settings)
// at rising rates, while the pipeline projects them. Each step counts what users get: 201s, 503 `overloaded` (the
// truthful refusal), any other 503 (an outage answer while nothing is down: a bug), no answer, anything else; and
// the 201s' p50/p99. The highest rate answered without one refusal is the figure; its ceiling in the same run is
// the same rate spread over 50 products (no hot row), so the ratio shows what the hot row alone costs.
import { randomUUID } from 'node:crypto';
import Table from 'cli-table3';
import { startCommandApi } from '../testkit/apiProcesses.js';
import { createAdminPool, writerConfig } from '../testkit/pg.js';
import { removeBenchCatalogue, seedBenchCatalogue } from './catalogue.js';
import { driveAtRate, loadClient, type Sent } from './measure/load.js';
import { percentile } from './measure/stats.js';

export interface FlashStep {
  rate: number;
  hot: boolean;
  sent: number;
  created: number;
  overloaded: number;
  otherUnavailable: number;
  unanswered: number;
  other: number;
  p50Ms: number;
  p99Ms: number;
}

export interface FlashResult {
  steps: FlashStep[];
  /** The highest rate on one product with every order answered 201. */
  highestClean: number;
  /** The same for orders spread over 50 products. */
  highestCleanSpread: number;
}

/** The problem code of an answer ('' when its body is not a problem document). */
function code(s: Sent<unknown>): string {
  try {
    return (JSON.parse(s.body) as { code?: string }).code ?? '';
  } catch {
    return '';
  }
}

function tally(rate: number, hot: boolean, sent: readonly Sent<unknown>[]): FlashStep {
  const created = sent.filter((s) => s.status === 201);
  const lat = created.map((s) => s.answeredAt - s.sentAt).sort((a, b) => a - b);
  const unavailable = sent.filter((s) => s.status === 503);
  const overloaded = unavailable.filter((s) => code(s) === 'overloaded').length;
  return {
    rate, hot, sent: sent.length, created: created.length, overloaded, otherUnavailable: unavailable.length - overloaded,
    unanswered: sent.filter((s) => s.status === 0).length, other: sent.filter((s) => s.status !== 0 && s.status !== 201 && s.status !== 503).length,
    p50Ms: Math.round(percentile(lat, 50) || 0), p99Ms: Math.round(percentile(lat, 99) || 0),
  };
}

export async function runFlashBench(opts: { rates?: number[]; stepMs?: number } = {}): Promise<FlashResult> {
  const { rates = [50, 100, 150, 200, 250, 300], stepMs = 10_000 } = opts;
  const db = createAdminPool();
  const tag = `flash-${randomUUID().slice(0, 8)}`;
  const catalogue = await seedBenchCatalogue(db, tag);
  const key = `bench-${randomUUID()}`;
  const api = await startCommandApi(writerConfig(), key);
  const client = loadClient('http', 1024);
  const steps: FlashStep[] = [];
  try {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
    let i = 0;
    const order = (hot: boolean) => () => {
      i += 1;
      const productId = hot ? catalogue.products[0] : catalogue.products[i % catalogue.products.length];
      const customerId = catalogue.customers[i % catalogue.customers.length];
      return { item: undefined, url: `${api.url}/commands/place-order`, body: JSON.stringify({ customerId, lines: [{ productId, quantity: 1 }] }) };
    };
    for (const rate of rates) {
      for (const hot of [true, false]) {
        const sent = await driveAtRate({ request: client.request, next: order(hot), headers, perSecond: rate, durationMs: stepMs });
        steps.push(tally(rate, hot, sent));
      }
    }
  } finally {
    client.close();
    api.stop();
    await removeBenchCatalogue(db, tag).catch(() => undefined);
    await db.end();
  }
  const clean = (hot: boolean) => Math.max(0, ...steps.filter((s) => s.hot === hot && s.created === s.sent).map((s) => s.rate));
  return { steps, highestClean: clean(true), highestCleanSpread: clean(false) };
}

export function printFlash(r: FlashResult): void {
  const table = new Table({ head: ['orders/s', 'product', 'sent', '201', '503 overloaded', 'other 503', 'no answer', 'other', '201 p50 / p99 ms'], style: { head: [], border: [] } });
  for (const s of r.steps) table.push([s.rate, s.hot ? 'one (hot)' : '50 spread', s.sent, s.created, s.overloaded, s.otherUnavailable, s.unanswered, s.other, `${s.p50Ms} / ${s.p99Ms}`]);
  console.log(`\n[flash] every order for one product, open loop through the command API\n${table.toString()}`);
}
