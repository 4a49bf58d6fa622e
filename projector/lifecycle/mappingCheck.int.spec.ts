// The start-up mapping check against the real node (docs/reliability.md T23): an index made before integer fields were
// mapped with `coerce: false` is updated where it stands, after which Elasticsearch refuses a fraction in an integer
// field instead of indexing it truncated; a difference only a rebuild can make stays reported. Own index prefix.
import { randomBytes } from 'node:crypto';
import { deleteIndexesWithPrefix, testEsClient } from '../../testkit/elasticsearch.js';
import { liveMapping } from '../../model/adapters/elasticsearch/indexes.js';
import { indexMapping } from '../../model/projections/mapping.js';
import { ordersProjection } from '../../model/projections/orders/orders.js';
import { indexNames } from '../../lib/names.js';
import { checkLiveMapping } from './mappingCheck.js';

const es = testEsClient();
const prefix = `mc${randomBytes(4).toString('hex')}-`;
afterAll(async () => {
  await deleteIndexesWithPrefix(es, prefix);
  await es.close();
});

/** The orders mapping as it was before `coerce: false`. */
const withoutCoerce = (): unknown => JSON.parse(JSON.stringify(indexMapping(ordersProjection)).replaceAll(',"coerce":false', '').replaceAll('"coerce":false,', ''));

it('an index mapped before coerce: false is brought in line in place, and then refuses a fraction', async () => {
  const { alias } = indexNames(ordersProjection, prefix);
  const index = `${alias}_v1`;
  await es.indices.create({ index, mappings: withoutCoerce() as never, aliases: { [alias]: {} } });
  expect(JSON.stringify(await liveMapping(es, index))).not.toContain('coerce');
  const status = await checkLiveMapping(es, ordersProjection, prefix);
  expect(status).toMatchObject({ index, matches: true, message: '' });
  expect(JSON.stringify(await liveMapping(es, index))).toContain('"coerce":false');
  await expect(es.index({ index, id: 'fraction', document: { totalCents: 99.5 } })).rejects.toThrow(/failed to parse field \[totalCents\] of type \[long\]/);
  await es.index({ index, id: 'whole', document: { totalCents: 100.0 } });
});

it('a type change beside it is still reported for a rebuild, not updated in place', async () => {
  const { alias } = indexNames({ ...ordersProjection, name: 'orders2' }, prefix);
  const index = `${alias}_v1`;
  const old = withoutCoerce() as { properties: Record<string, unknown> };
  old.properties['totalCents'] = { type: 'keyword' };
  await es.indices.create({ index, mappings: old as never, aliases: { [alias]: {} } });
  const status = await checkLiveMapping(es, { ...ordersProjection, name: 'orders2' }, prefix);
  expect(status.matches).toBe(false);
  expect(status.diff.changed).toContain('totalCents');
});
