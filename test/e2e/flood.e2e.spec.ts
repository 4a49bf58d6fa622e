// Resource limits under a flood (docs/reliability.md T39): the query API, started for real with NODE_ENV=production
// and its default limits, takes 10,000 requests without a key and 1,000 concurrent read-your-writes waits at once.
// Every one is answered, with 401/429 (no key) or 200/503 (waits: those beyond the waiter cap are refused at once
// with Retry-After, those within it are served once the position arrives), never another 5xx and never left
// hanging; meanwhile a client with a valid key keeps being served (its p99 is printed), and the process's memory
// stays bounded (RSS before and after, printed).
import { randomBytes } from 'node:crypto';
import { progressIndex } from '../../lib/names.js';
import { encodePosition } from '../../lib/position.js';
import { waitFor } from '../../lib/waitFor.js';
import { freePort } from '../../testkit/freePort.js';
import { serviceEsAccess, testEsClient } from '../../testkit/elasticsearch.js';
import { createProgressIndex, createScratchIndexes, setProgress } from '../../testkit/queryApp.js';
import { bulkLoadOrders } from '../../testkit/syntheticOrders.js';
import { startSluiceProcess, type SluiceProcess } from '../../testkit/sluiceProcess.js';

const prefix = `flood${randomBytes(4).toString('hex')}-`;
const es = testEsClient();
const key = randomBytes(24).toString('base64url');
let indexes: string[] = [];
let api: SluiceProcess;
let url = '';

beforeAll(async () => {
  indexes = await createScratchIndexes(es, prefix);
  await createProgressIndex(es, progressIndex(prefix));
  await bulkLoadOrders(es, `${prefix}orders`, 50);
  await setProgress(es, prefix, 100, 100);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const query = serviceEsAccess('query');
  api = startSluiceProcess('api/query/main.ts', {
    PATH: process.env['PATH'], NODE_ENV: 'production', LOG_LEVEL: 'warn', SLUICE_SECRETS_FILE: '/nonexistent/secrets.env',
    // The per-key budget is not under test here (http.int.spec.ts covers it): the valid client must not spend it.
    API_RATE_LIMIT: '1000000',
    // Below the default (600 per 10 s) so that the limiter is reached whatever the machine's speed: a slow machine
    // answers fewer requests per window than the default allows.
    API_IP_RATE_LIMIT: '100',
    API_KEYS: `${key}:queries`, API_KEY_SECRET: randomBytes(24).toString('base64url'), API_QUERY_PORT: String(port),
    ES_URL: query.url, ES_CA_FILE: query.caFile, ES_QUERY_PASSWORD: query.password, ES_INDEX_PREFIX: prefix, ES_PROGRESS_INDEX: progressIndex(prefix),
  });
  await api.healthy(url);
});

afterAll(async () => {
  await api?.stop();
  await es.indices.delete({ index: [...indexes, progressIndex(prefix)] }, { ignore: [404] });
  await es.close();
});

/** Connection errors seen, by cause: a kept-alive connection the server closed as idle just as the client reused it. */
const resets: string[] = [];

/** The status, or -1 when left hanging 60 s. A connection error is retried once, as HTTP clients do for a GET. */
const statusOf = async (path: string, headers: Record<string, string> = {}, retry = true): Promise<number> => {
  try {
    const res = await fetch(`${url}${path}`, { headers, signal: AbortSignal.timeout(60_000) });
    await res.arrayBuffer();
    return res.status;
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return -1;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    resets.push(cause?.code ?? cause?.message ?? (error as Error).message);
    return retry ? statusOf(path, headers, false) : 0;
  }
};

/** `total` requests, `concurrency` at a time. */
async function pool(total: number, concurrency: number, send: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next += 1;
      out.push(await send());
    }
  }));
  return out;
}

const count = <T,>(xs: readonly T[]) => Object.fromEntries([...new Set(xs)].sort().map((s) => [s, xs.filter((x) => x === s).length]));
const percentile = (xs: readonly number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

it('answers a flood without keys and 1,000 read-your-writes waits with 401/429/503, serves a valid key meanwhile, memory bounded', async () => {
  const auth = { authorization: `Bearer ${key}` };
  const rssBefore = api.rss();
  // The valid client: one read at a time for as long as the flood lasts.
  let flooding = true;
  const latencies: number[] = [];
  const validStatuses: number[] = [];
  const validClient = (async () => {
    while (flooding) {
      const started = performance.now();
      validStatuses.push(await statusOf('/orders?size=1', auth));
      latencies.push(performance.now() - started);
    }
  })();

  // 1,000 reads waiting for a position the progress document does not cover yet.
  const token = encodePosition({ xid: 150n, lsn: '0/1' });
  let answered = 0;
  const waits = Promise.all(Array.from({ length: 1_000 }, () => statusOf(`/orders?size=1&minPosition=${token}&waitMs=10000`, auth).finally(() => (answered += 1))));
  // 10,000 without a key, 50 at a time, alongside.
  const floodStarted = Date.now();
  const flood = pool(10_000, 50, () => statusOf('/orders?size=1'));
  // Once the waits beyond the cap (500 by default) have been refused, every wait has arrived and the rest are parked:
  // the position arrives, and they are served.
  await waitFor(() => answered >= 500, { timeoutMs: 60_000, intervalMs: 50, description: 'the waits beyond the cap refused' });
  await setProgress(es, prefix, 151, 160);
  const noKey = await flood;
  const floodMs = Date.now() - floodStarted;
  const waited = await waits;
  flooding = false;
  await validClient;
  const rssAfter = api.rss();

  const p99 = percentile(latencies, 99);
  console.log(
    `flood: no key ${JSON.stringify(count(noKey))}; waits ${JSON.stringify(count(waited))}; valid key ${latencies.length} reads ` +
      `${JSON.stringify(count(validStatuses))}, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; ` +
      `RSS ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, ${(rssAfter / 2 ** 20).toFixed(0)} MiB after; ` +
      `flood took ${floodMs} ms; connection errors retried: ${JSON.stringify(count(resets))}`,
  );
  expect(new Set(noKey)).toEqual(new Set([401, 429]));
  // At most API_IP_RATE_LIMIT requests without a key per 10 s window got as far as authentication.
  expect(noKey.filter((s) => s === 401).length).toBeLessThanOrEqual(100 * (Math.ceil(floodMs / 10_000) + 1));
  // The cap (API_MAX_POSITION_WAITERS, 500 by default) refused the rest at once; nobody was left hanging or got a 504.
  expect(new Set(waited)).toEqual(new Set([200, 503]));
  expect(waited.filter((s) => s === 503).length).toBeGreaterThanOrEqual(500);
  expect(new Set(validStatuses)).toEqual(new Set([200]));
  expect(latencies.length).toBeGreaterThan(10);
  // Served, never left hanging: the figure itself is printed (on a shared 2-core machine the flood, Elasticsearch
  // and this client share the CPUs, so a fixed bound would measure the machine, not the limits).
  expect(p99).toBeLessThan(30_000);
  expect(rssAfter - rssBefore).toBeLessThan(256 * 2 ** 20);
  // And the process is still fine afterwards.
  await waitFor(async () => (await statusOf('/orders?size=1', auth)) === 200, { timeoutMs: 10_000, description: 'a read after the flood' });
}, 900_000);
