// Elasticsearch against the workload's model: every document of an aggregate the workload touched (its orders, and
// the seeded customers and products with their order counts and sales) must say exactly what the model says, at
// the model's version. A reader of versions also watches that no document's version ever moves backwards.
import { readAlias } from '../lib/names.js';
import type { EsClient } from '../model/adapters/elasticsearch/client.js';
import type { StoreModel } from './model.js';

type Source = Record<string, unknown> & { version?: number };

export interface EsModelFindings {
  /** Absent, or older than the model: the acknowledged effect is not (yet) shown. */
  behind: string[];
  /** At the model's version (or past it) but saying something else. */
  wrong: string[];
}

/**
 * The versions each document was seen at; a reading lower than one answered before it was issued is a version that
 * moved backwards. Readings overlap (the sampler and the judge read at once, and a loaded Elasticsearch may answer an
 * earlier request later), so each is placed by the watch's own clock: `tick()` before the request, `tick()` after.
 *
 * With replicas (`dirtyReads`), Elasticsearch itself lets a read see a write its primary applied but never
 * acknowledged, which the primary's death then loses ("dirty reads", its reading-and-writing documentation): the
 * projector, never told of success, rebuilds that item from a fresher snapshot, whose version is at least as high.
 * So there a dip is reported only if no later reading climbs back to the highest version seen before it: a version
 * that was seen and then stays lost.
 */
export interface VersionWatch {
  tick(): number;
  /** Without ticks the reading is taken as issued and answered now, after every earlier one. */
  see(key: string, version: number, issuedAt?: number, answeredAt?: number): void;
  backwards(): string[];
}

export function createVersionWatch(opts: { dirtyReads?: boolean } = {}): VersionWatch {
  let clock = 0;
  /** Per document, (answeredAt, version) with both increasing: the highest version answered by any point. */
  const stairs = new Map<string, Array<[number, number]>>();
  /** Per document, the dip seen and the version that must be seen again for it to count as healed. */
  const back = new Map<string, { text: string; healsAt: number }>();
  return {
    tick: () => ++clock,
    see(key, version, issuedAt = ++clock, answeredAt = issuedAt) {
      const steps = stairs.get(key) ?? [];
      const before = steps.filter(([at]) => at < issuedAt).reduce((max, [, v]) => Math.max(max, v), 0);
      const open = back.get(key);
      if (open && opts.dirtyReads && version >= open.healsAt) back.delete(key);
      if (version < before) back.set(key, { text: `${key} went from version ${before} to ${version}`, healsAt: Math.max(before, open?.healsAt ?? 0) });
      const kept: Array<[number, number]> = [];
      for (const step of [...steps, [answeredAt, version] as [number, number]].sort(([a], [b]) => a - b))
        if (step[1] > (kept.at(-1)?.[1] ?? 0)) kept.push(step);
      stairs.set(key, kept);
    },
    backwards: () => [...back.values()].map((b) => b.text),
  };
}

type Read = { issuedAt: number; answeredAt: number };

async function fetchDocs(es: EsClient, alias: string, ids: readonly string[], watch: VersionWatch): Promise<Map<string, Source & { read?: Read }>> {
  const out = new Map<string, Source & { read?: Read }>();
  for (let i = 0; i < ids.length; i += 1000) {
    const issuedAt = watch.tick();
    const { docs } = await es.mget<Source>({ index: alias, ids: ids.slice(i, i + 1000) });
    const read = { issuedAt, answeredAt: watch.tick() };
    for (const d of docs) if ('found' in d && d.found && d._source) out.set(d._id, { ...d._source, read });
  }
  return out;
}

type Expect = { version: number; fields: Record<string, unknown> };

function judge(
  kind: string,
  expected: Map<string, Expect>,
  docs: Map<string, Source & { read?: Read }>,
  watch: VersionWatch,
  f: EsModelFindings,
): void {
  for (const [id, want] of expected) {
    const doc = docs.get(id);
    if (doc?.version !== undefined) watch.see(`${kind}/${id}`, doc.version, doc.read?.issuedAt, doc.read?.answeredAt);
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
  const orderDocs = await fetchDocs(es, readAlias('orders', indexPrefix), [...model.orders.keys()], watch);
  const flat = new Map([...orderDocs].map(([id, d]) => [id, flatOrder(d)]));
  judge(
    'orders',
    new Map([...model.orders.values()].map((o) => [o.id, { version: o.version, fields: orderFields(o) }])),
    flat,
    watch,
    f,
  );
  const customerDocs = await fetchDocs(es, readAlias('customers', indexPrefix), [...model.customers.keys()], watch);
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
    watch,
    f,
  );
  const productDocs = await fetchDocs(es, readAlias('products', indexPrefix), [...model.products.keys()], watch);
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
    watch,
    f,
  );
  return f;
}
