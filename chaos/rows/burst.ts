// docs/reliability.md T30: a burst of 10,000 concurrent place-order commands beside the workload's load, a fifth of
// them on the same aggregates (one hot customer buying 5,000 units of one hot product: only 200 such orders fit its
// stock), each sent under its own Idempotency-Key, one in ten sent twice at once, and every 429, 503 or unanswered
// request retried under the same key. The burst keeps a ledger of its own and is judged by a second oracle against
// its own catalogue: the row fails (`heal`, with the burst's failures named) on any other status than 2xx, 409,
// 429 or 503, on two answers of one key that differ, on stock sold beyond what there was, or on any failure the
// oracle finds for the burst's acknowledged orders (Postgres, the model, Elasticsearch, whole-alias verify).
import { randomUUID } from 'node:crypto';
import { decodePosition } from '../../lib/position.js';
import { post, seedCatalogue, INITIAL_STOCK, type CommandClient, type Reply } from '../commands.js';
import { createOracle } from '../oracle.js';
import type { Row } from '../row.js';
import { failuresOf, type Failure } from '../verdict.js';
import type { Acknowledged, Unanswered } from '../workload.js';

const REQUESTS = 10_000;
const CONCURRENCY = 200;
const HOT_QUANTITY = 5_000;
const ALLOWED = new Set([200, 201, 409, 429, 503]);
const RETRIED = new Set([0, 429, 503]);
const UNDER_LOAD: readonly Failure[] = ['missing', 'extra', 'stale', 'lag'];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

/** One command under one key: retried on 429, 503 or no answer; sent twice at once when `twice`. */
async function sendWithRetries(client: CommandClient, body: unknown, key: ReturnType<typeof randomUUID>, twice: boolean, statuses: Map<number, number>): Promise<Reply[]> {
  const once = async (): Promise<Reply> => {
    for (let attempt = 0; ; attempt++) {
      const reply = await post(client, 'place-order', body, key, 60_000);
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      if (!RETRIED.has(reply.status) || attempt >= 8) return reply;
      await pause(250 * 2 ** Math.min(attempt, 4) * (0.5 + Math.random()));
    }
  };
  return Promise.all(twice ? [once(), once()] : [once()]);
}

export const commandBurst: Row = {
  id: 'T30',
  injection: `a burst of ${REQUESTS} concurrent place-order commands (${CONCURRENCY} at a time, 20 % on one hot customer and product, 10 % sent twice under one key, retried under the same key)`,
  injects: [],
  effect: 'statement',
  async fault() {
    const client = { url: process.env['CHAOS_COMMAND_URL'] ?? `http://127.0.0.1:${process.env['API_COMMAND_PORT'] ?? 8080}`, key: process.env['CHAOS_COMMAND_KEY'] ?? 'dev-commands' };
    const catalogue = await seedCatalogue(client, `T30-${randomUUID().slice(0, 6)}`);
    const [hotCustomer, hotProduct] = [catalogue.customers[0], catalogue.products[0]];
    if (!hotCustomer || !hotProduct) throw new Error('the burst seeded no catalogue');
    const ledger: Acknowledged[] = [];
    const unanswered: Unanswered[] = [];
    const statuses = new Map<number, number>();
    const problems: string[] = [];
    const t0 = Date.now();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < REQUESTS; i = next++) {
        const hot = i % 5 === 0;
        const customerId = hot ? hotCustomer.id : pick(catalogue.customers).id;
        const lines: [string, number][] = hot ? [[hotProduct.id, HOT_QUANTITY]] : [[pick(catalogue.products.slice(1)).id, 1 + (i % 3)]];
        const effect = { kind: 'place' as const, customerId, lines };
        const key = randomUUID();
        const sentAt = Date.now();
        const replies = await sendWithRetries(client, { customerId, lines: lines.map(([productId, quantity]) => ({ productId, quantity })) }, key, i % 10 === 1, statuses);
        const acks = replies.filter((r) => r.status === 200 || r.status === 201);
        const [first] = acks;
        if (first?.body.id && first.body.version !== undefined && first.body.position) {
          if (acks.some((r) => r.body.id !== first.body.id || r.body.position !== first.body.position)) problems.push(`key ${key}: two answers with different effects`);
          ledger.push({ command: 'place-order', aggregate: 'orders', id: first.body.id, version: first.body.version, xid: decodePosition(first.body.position).xid.toString(), effect, key, sentAt, at: Date.now() });
        } else if (replies.every((r) => RETRIED.has(r.status))) unanswered.push({ command: 'place-order', aggregate: 'orders', effect, key, sentAt, status: replies[0]?.status ?? 0 });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    const counts = [...statuses].map(([s, c]) => `${s}: ${c}`).join(', ');
    console.log(`T30: ${REQUESTS} commands in ${seconds} s; answers ${counts}; ${ledger.length} acknowledged, ${unanswered.length} never answered`);
    for (const [status, count] of statuses) if (!ALLOWED.has(status) && status !== 0) problems.push(`${count} answer(s) ${status}`);
    const hotUnits = ledger.filter((a) => a.effect.kind === 'place' && a.effect.lines[0]?.[0] === hotProduct.id).length * HOT_QUANTITY;
    if (hotUnits > INITIAL_STOCK) problems.push(`oversold: ${hotUnits} units of a product with ${INITIAL_STOCK} acknowledged`);
    const oracle = await createOracle();
    try {
      const findings = await oracle.judge({ ledger, unanswered, catalogue, healedAt: Date.now(), timeoutMs: 300_000 });
      const evidence = { acknowledgedAfterHeal: ledger.length, pidChanges: [], effect: 'burst' };
      const figures = { sent: REQUESTS, acknowledged: ledger.length, refused: 0, unavailable: unanswered.length, serverErrors: 0 };
      // Whole-alias verify and the lag are judged by the row's own oracle once the workload stops: under load they
      // would see the documents still on their way.
      const failed = failuresOf(findings, figures, evidence).filter((f) => !UNDER_LOAD.includes(f));
      if (failed.length > 0) problems.push(`the oracle on the burst's ledger: ${failed.join(', ')}: ${[...findings.errors, ...findings.uncommitted, ...findings.ledgerMismatches, ...findings.behind, ...findings.wrong, ...findings.backwards].slice(0, 4).join('; ')}`);
    } finally {
      await oracle.close();
    }
    if (problems.length > 0) throw new Error(`burst: ${problems.join('; ')}`);
  },
};
