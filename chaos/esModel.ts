// Elasticsearch against the workload's model: every document of an aggregate the workload touched (its orders, and
// the seeded customers and products with their order counts and sales) must say exactly what the model says, at
// the model's version. A reader of versions also watches that no document's version ever moves backwards.
import { readAlias } from '../lib/names.js';
import type { EsClient } from '../model/adapters/elasticsearch/client.js';
import type { StoreModel } from './model.js';
import type { VersionWatch } from './versionWatch.js';

type Source = Record<string, unknown> & { version?: number };

export interface EsModelFindings {
  /** Absent, or older than the model: the acknowledged effect is not (yet) shown. */
  behind: string[];
  /** At the model's version (or past it) but saying something else. */
  wrong: string[];
}

async function fetchDocs(es: EsClient, alias: string, ids: readonly string[]): Promise<Map<string, Source>> {
  const out = new Map<string, Source>();
  for (let i = 0; i < ids.length; i += 1000) {
    const { docs } = await es.mget<Source>({ index: alias, ids: ids.slice(i, i + 1000) });
    for (const d of docs) if ('found' in d && d.found && d._source) out.set(d._id, d._source);
  }
  return out;
}

type Expect = { version: number; fields: Record<string, unknown> };

function judge(
  kind: string,
  expected: Map<string, Expect>,
  docs: Map<string, Source>,
  watch: { see(key: string, version: number): void },
  f: EsModelFindings,
): void {
  for (const [id, want] of expected) {
    const doc = docs.get(id);
    if (doc?.version !== undefined) watch.see(`${kind}/${id}`, doc.version);
    if (!doc || (doc.version ?? 0) < want.version) {
      f.behind.push(`${kind}/${id} at version ${doc?.version ?? 'absent'}, model ${want.version}`);
      continue;
    }
    const differ = Object.entries(want.fields).filter(
      ([k, v]) => JSON.stringify(doc[k]) !== JSON.stringify(v),
    );
    if (doc.version !== want.version || differ.length > 0)
      f.wrong.push(
        `${kind}/${id} v${doc.version} (model v${want.version}): ${differ.map(([k]) => k).join(', ') || 'version'}`,
      );
  }
}

type OrderModel = StoreModel['orders'] extends Map<string, infer O> ? O : never;
const linesKey = (pairs: Array<[string, number]>) =>
  JSON.stringify([...pairs].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
const orderFields = (o: OrderModel) => ({
  status: o.status,
  customerId: o.customerId,
  totalCents: o.totalCents,
  itemCount: [...o.lines.values()].reduce((a, b) => a + b, 0),
  lines: linesKey([...o.lines]),
});
/** The order document nests its customer and lines; flattened to what the model knows, to compare field by field. */
const flatOrder = (d: Source): Source => ({
  ...d,
  customerId: (d['customer'] as { id?: string } | undefined)?.id,
  lines: linesKey(
    ((d['lines'] as Array<{ productId: string; quantity: number }> | undefined) ?? []).map((l) => [
      l.productId,
      l.quantity,
    ]),
  ),
});

/** One reading of Elasticsearch against the model; throws if Elasticsearch does not answer. */
export async function checkEsAgainstModel(
  es: EsClient,
  indexPrefix: string,
  model: StoreModel,
  watch: VersionWatch,
): Promise<EsModelFindings> {
  const f: EsModelFindings = { behind: [], wrong: [] };
  // Each reading is marked before its request is sent, so the watch compares it only with readings it follows.
  const seen = (begun: number) => ({ see: (key: string, version: number) => watch.see(key, version, begun) });
  let begun = watch.begin();
  const orderDocs = await fetchDocs(es, readAlias('orders', indexPrefix), [...model.orders.keys()]);
  const flat = new Map([...orderDocs].map(([id, d]) => [id, flatOrder(d)]));
  judge(
    'orders',
    new Map([...model.orders.values()].map((o) => [o.id, { version: o.version, fields: orderFields(o) }])),
    flat,
    seen(begun),
    f,
  );
  begun = watch.begin();
  const customerDocs = await fetchDocs(es, readAlias('customers', indexPrefix), [...model.customers.keys()]);
  judge(
    'customers',
    new Map(
      [...model.customers.values()].map((c) => [
        c.id,
        {
          version: c.version,
          fields: {
            name: c.name,
            orderCount: c.orderCount,
            lifetimeValueCents: c.lifetimeValueCents,
            unitsPurchased: c.unitsPurchased,
          },
        },
      ]),
    ),
    customerDocs,
    seen(begun),
    f,
  );
  begun = watch.begin();
  const productDocs = await fetchDocs(es, readAlias('products', indexPrefix), [...model.products.keys()]);
  judge(
    'products',
    new Map(
      [...model.products.values()].map((p) => [
        p.id,
        {
          version: p.version,
          fields: { name: p.name, stock: p.stock, unitsSold: p.unitsSold, revenueCents: p.revenueCents },
        },
      ]),
    ),
    productDocs,
    seen(begun),
    f,
  );
  return f;
}
