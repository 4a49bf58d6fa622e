// What the progress tracker relies on when it publishes without refreshing on its own: once `refreshed(alias)`
// resolves, a document Elasticsearch acknowledged before the call is found by a search. The index never refreshes
// by itself here (refresh_interval -1), and the refresher may start a refresh at most every 2 s.
import { randomBytes } from 'node:crypto';
import { testEsClient } from '../../testkit/elasticsearch.js';
import { refreshAlias } from '../../model/adapters/elasticsearch/indexes.js';
import { createRefresher } from './refresher.js';

const es = testEsClient();
const index = `refresher-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  await es.indices.create({ index, settings: { refresh_interval: '-1', number_of_replicas: 0 } });
});

afterAll(async () => {
  await es.indices.delete({ index }, { ignore: [404] });
  await es.close();
});

const found = async (id: string) => (await es.search({ index, query: { ids: { values: [id] } } })).hits.hits.length === 1;

it('a document acknowledged before refreshed() was called is searchable once it resolves, also while refreshes are throttled', async () => {
  const refresher = createRefresher({ refresh: (alias) => refreshAlias(es, alias), observe: () => undefined, minIntervalMs: 2_000 });
  try {
    await es.index({ index, id: 'a', document: { n: 1 } });
    refresher.written(index, [Date.now()]);
    await refresher.refreshed(index);
    expect(await found('a')).toBe(true);
    // The refresh that served the first call began before this write: the next call must wait for another one.
    await es.index({ index, id: 'b', document: { n: 2 } });
    expect(await found('b')).toBe(false);
    await refresher.refreshed(index);
    expect(await found('b')).toBe(true);
  } finally {
    refresher.stop();
  }
});
