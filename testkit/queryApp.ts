// Starts the query API in-process on an ephemeral port against real Elasticsearch, isolated by an index prefix,
// and creates scratch projection indexes with the projector's own mappings when a test indexes documents itself.
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import { createLogger } from '../lib/logger.js';
import { createReadStore } from '../api/query/adapters/elasticsearch/readStore.js';
import { createQueryApp, type QueryAppDeps } from '../api/query/app.js';
import type { ReadStore } from '../api/query/ports.js';
import type { Projection } from '../model/projections/declaration.js';
import { projections } from '../model/registry.js';
import { indexMapping } from '../model/projections/mapping.js';
import { PROGRESS_MAPPING } from '../model/progress/progressDoc.js';
import { TEST_KEYS, type Reply } from './commandApp.js';
import { indexNames, progressIndex } from '../lib/names.js';
import { testEsAccess, testEsClient } from './elasticsearch.js';

export { ES_URL, testEsClient } from './elasticsearch.js';

export interface QueryClient {
  url: string;
  store: ReadStore;
  get: (path: string, opts?: { key?: string | null; headers?: Record<string, string> }) => Promise<Reply>;
  close: () => Promise<void>;
}

/** Serves the registered projections unless `overrides.projections` says otherwise. */
export async function startQueryApp(prefix: string, overrides: Partial<QueryAppDeps> & { esUrl?: string; progressIndex?: string } = {}): Promise<QueryClient> {
  const served = overrides.projections ?? projections;
  const store =
    overrides.store ??
    createReadStore({ es: { ...testEsAccess(), ...(overrides.esUrl ? { url: overrides.esUrl } : {}) }, indexPrefix: prefix, progressIndex: overrides.progressIndex ?? progressIndex(prefix), requestTimeoutMs: 10_000, projections: served.map((p) => p.name) });
  const app = createQueryApp({ projections: served, store, logger: createLogger('query-test', 'silent'), apiKeys: TEST_KEYS, rateLimit: { windowMs: 60_000, limit: 1_000_000 }, ipRateLimit: { windowMs: 60_000, limit: 1_000_000 }, ...overrides });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    store,
    get: async (path, opts = {}) => {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.key !== null) headers['authorization'] = `Bearer ${opts.key ?? 'test-queries'}`;
      const res = await fetch(`${url}${path}`, { headers });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      if (!overrides.store) await store.close();
    },
  };
}

/** Creates `<prefix><name>_v1` with the projector's mapping behind the alias `<prefix><name>` for every projection given (by default the registered ones). */
export async function createScratchIndexes(es: Client, prefix: string, settings: Record<string, unknown> = {}, of: readonly Projection[] = projections): Promise<string[]> {
  const created: string[] = [];
  for (const p of of) {
    const { index, alias } = indexNames(p, prefix);
    await es.indices.create({ index, settings: { number_of_shards: 1, number_of_replicas: 0, ...settings }, mappings: indexMapping(p) as never, aliases: { [alias]: {} } });
    created.push(index);
  }
  return created;
}

/** Creates a progress index with the tracker's mapping, for tests that publish progress documents themselves. */
/** The progress document of `orders` under a prefix, as the projector publishes it: what minPosition waits compare. */
export const setProgress = (es: Client, prefix: string, xmin: number, xmax: number) =>
  es.index({
    index: progressIndex(prefix), id: 'orders', refresh: true,
    document: { projection: 'orders', snapshot: { xmin: String(xmin), xmax: String(xmax), xip: [] }, lsn: '0/1', asOf: new Date().toISOString(), lagMs: 1, publishedAt: new Date().toISOString() },
  });

export async function createProgressIndex(es: Client, index: string): Promise<void> {
  await es.indices.create({ index, mappings: PROGRESS_MAPPING as never });
}

/**
 * A query API over scratch indexes (the projector's mappings) for one test file: created before its tests,
 * removed after them. Returns a getter, since the app exists only once beforeAll has run.
 */
export function useScratchQueryApp(tag: string): () => QueryClient {
  const prefix = `${tag}${randomBytes(4).toString('hex')}-`;
  const es = testEsClient();
  let api: QueryClient | undefined;
  let indexes: string[] = [];
  beforeAll(async () => {
    indexes = await createScratchIndexes(es, prefix);
    api = await startQueryApp(prefix);
  });
  afterAll(async () => {
    await api?.close();
    await es.indices.delete({ index: indexes }, { ignore: [404] });
    await es.close();
  });
  return () => {
    if (!api) throw new Error('the scratch query API is not started yet');
    return api;
  };
}
