// The Elasticsearch side of the rebuild's version rules (indexVersions.ts) against the real node: the new index is
// named max(declared, highest existing + 1), and after a swap an empty previous version is deleted unless the
// operator kept it explicitly. Each test has its own index prefix; nothing here needs the stream.
import { randomBytes } from 'node:crypto';
import { deleteIndexesWithPrefix } from '../../test/support/elasticsearch.js';
import { resolveAliases } from '../adapters/elasticsearch/aliases.js';
import { createEsClient } from '../adapters/elasticsearch/client.js';
import { createVersionIndex, ensureIndex, servingSettings } from '../adapters/elasticsearch/indexes.js';
import { loadProjectorConfig, settingsFrom } from '../config.js';
import { customersProjection } from '../projections/customers/customers.js';
import { abandonTarget, prepareTarget, retireOld, swapAlias } from './rebuildIndex.js';
import { indexNames } from '../../lib/names.js';

const es = createEsClient(settingsFrom(loadProjectorConfig(process.env)).esUrl);
const prefixes: string[] = [];
const fresh = () => {
  const prefix = `ri${randomBytes(4).toString('hex')}-`;
  prefixes.push(prefix);
  return prefix;
};
afterAll(async () => {
  for (const prefix of prefixes) await deleteIndexesWithPrefix(es, prefix);
  await es.close();
});

/** v1 created at deploy (empty or with one document), then v2 built and swapped in, as a rebuild does. */
async function deployedThenRebuilt(prefix: string, docsInV1: number) {
  await ensureIndex(es, customersProjection, prefix);
  const names = indexNames(customersProjection, prefix);
  for (let i = 0; i < docsInV1; i++) await es.index({ index: `${prefix}customers_v1`, id: `c${i}`, document: { id: `c${i}` }, refresh: true });
  const target = await prepareTarget(es, customersProjection, names);
  await swapAlias(es, names, target);
  return names;
}

const exists = (index: string) => es.indices.exists({ index });

describe('rebuild index versions on Elasticsearch', () => {
  it('names the new index after the declared version when it is ahead, after clearing a leftover of an interrupted run', async () => {
    const prefix = fresh();
    await ensureIndex(es, customersProjection, prefix);
    const names = indexNames(customersProjection, prefix);
    const bumped = await prepareTarget(es, { ...customersProjection, version: 4 }, names);
    expect(bumped).toMatchObject({ target: `${prefix}customers_v4`, version: 4, highestExisting: 1 });
    await abandonTarget(es, names, bumped.target);
    await createVersionIndex(es, customersProjection, `${prefix}customers_v6`, servingSettings); // a leftover ahead of the code
    const behind = await prepareTarget(es, { ...customersProjection, version: 4 }, names);
    expect(behind.cleared).toEqual([`${prefix}customers_v6`]);
    expect(behind.target).toBe(`${prefix}customers_v4`);
  });

  it('deletes an empty previous version after the swap, even with keep 1', async () => {
    const names = await deployedThenRebuilt(fresh(), 0);
    expect(await retireOld(es, names, 1)).toEqual({ retired: [`${names.versionPrefix}1`], empty: [`${names.versionPrefix}1`] });
    expect(await exists(`${names.versionPrefix}1`)).toBe(false);
    expect((await resolveAliases(es, [names.alias])).get(names.alias)).toBe(`${names.versionPrefix}2`);
  });

  it('keeps a previous version with documents (keep 1), and an empty one when --keep asked (keepEmpty)', async () => {
    const full = await deployedThenRebuilt(fresh(), 1);
    expect(await retireOld(es, full, 1)).toEqual({ retired: [], empty: [] });
    expect(await exists(`${full.versionPrefix}1`)).toBe(true);
    const empty = await deployedThenRebuilt(fresh(), 0);
    expect(await retireOld(es, empty, 1, true)).toEqual({ retired: [], empty: [] });
    expect(await exists(`${empty.versionPrefix}1`)).toBe(true);
  });
});
