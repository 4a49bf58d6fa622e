// The console's search reads no personal data (issue: the ops key read customers' names and emails): over real
// Elasticsearch, with scratch indexes of the projector's mappings, a customer is found by id or city, never by name
// or email, and no hit shows a name or an email; a product is still found by its name (not personal).
import { randomBytes, randomUUID } from 'node:crypto';
import { readAlias } from '../../../lib/names.js';
import { opsView } from '../../../model/projections/define.js';
import { projections } from '../../../model/registry.js';
import { createScratchIndexes } from '../../../testkit/queryApp.js';
import { serviceEsAccess, testEsClient } from '../../../testkit/elasticsearch.js';
import { createOpsEsClient } from '../adapters/elasticsearch/client.js';
import { createSearch } from '../adapters/elasticsearch/search.js';

const prefix = `opss${randomBytes(4).toString('hex')}-`;
// The test's own client as the superuser (scratch indexes); the search as the ops user it runs as in production.
const es = testEsClient();
const opsEs = createOpsEsClient(serviceEsAccess('ops'));
const search = createSearch(opsEs, projections.map((p) => ({ projection: p.name, alias: readAlias(p.name, prefix), ...opsView(p) })));
const all = projections.map((p) => p.name);
const customer = { id: randomUUID(), name: 'Ada Lovelace', email: 'ada@example.com', city: 'Londonderry', tier: 'gold', orderCount: 2, lifetimeValueCents: 1200, version: 1 };
const order = { id: randomUUID(), status: 'paid', customer: { id: customer.id, name: customer.name, email: customer.email, tier: 'gold' }, totalCents: 1200, placedAt: '2026-01-01T00:00:00Z', version: 1 };
const product = { id: randomUUID(), sku: 'ADA-1', name: 'Lovelace engine', category: 'machines', priceCents: 100, stock: 3, version: 1 };
let indexes: string[] = [];

beforeAll(async () => {
  indexes = await createScratchIndexes(es, prefix);
  await es.index({ index: readAlias('customers', prefix), id: customer.id, document: customer });
  await es.index({ index: readAlias('orders', prefix), id: order.id, document: order });
  await es.index({ index: readAlias('products', prefix), id: product.id, document: product, refresh: true });
  await es.indices.refresh({ index: indexes });
});

afterAll(async () => {
  await es.indices.delete({ index: indexes }, { ignore: [404] });
  await Promise.all([es.close(), opsEs.close()]);
});

const ids = async (q: string) => (await search(q, all, 10)).map((h) => `${h.projection}:${h.id}`).sort();

it('never finds a customer or an order by a name or an email', async () => {
  expect(await ids('ada@example.com')).toEqual([]);
  expect(await ids('Ada')).toEqual([]);
  // "Lovelace" is a customer's surname and a product's name: only the product is found.
  expect(await ids('Lovelace')).toEqual([`products:${product.id}`]);
});

it('finds a customer by id or city, an order by id, and shows no name or email', async () => {
  expect(await ids('Londonderry')).toEqual([`customers:${customer.id}`]);
  const [byId] = await search(customer.id, all, 10);
  expect(byId).toMatchObject({ projection: 'customers', id: customer.id, summary: { id: customer.id, city: 'Londonderry', tier: 'gold' } });
  const [orderHit] = await search(order.id, all, 10);
  expect(orderHit?.projection).toBe('orders');
  const shown = JSON.stringify([byId, orderHit]);
  expect(shown).not.toContain('Ada');
  expect(shown).not.toContain('ada@example.com');
});

it('keeps query syntax literal and bounded: no match-everything', async () => {
  for (const q of ['*:*', 'name:*', '/.*/', 'a~10']) expect(await ids(q)).toEqual([]);
});
