// The Elasticsearch side of the rebuild's version rules (indexVersions.ts) against the real node: the new index is
// named after the declared version, a rebuild into a version that exists is refused before anything changes (by
// prepareTarget and by the `sluice rebuild` command, exit code 1), `--version n` must be above every existing
// version, and after a swap an empty previous version is deleted unless the operator kept it explicitly. Each test
// has its own index prefix; nothing here needs the stream.
import { randomBytes } from 'node:crypto';
import { resolveAliases } from '../../model/adapters/elasticsearch/aliases.js';
import { deleteIndexesWithPrefix, testEsClient } from '../../testkit/elasticsearch.js';
import { createVersionIndex, ensureIndex, servingSettings } from '../../model/adapters/elasticsearch/indexes.js';
import { ensureEventIndex } from '../../model/adapters/elasticsearch/eventDocStore.js';
import { ORDER_TIMELINE } from '../../model/projections/timeline/timeline.js';
import { customersProjection } from '../../model/projections/customers/customers.js';
import { abandonTarget, prepareTarget, RebuildRefused, retireOld, swapAlias } from './rebuildIndex.js';
import { runSluice } from '../../testkit/sluiceCli.js';
import { indexNames } from '../../lib/names.js';

const es = testEsClient();
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

/** v1 created at deploy (empty or with one document), then v2 built and swapped in, as a repair rebuild (--version 2) does. */
async function deployedThenRebuilt(prefix: string, docsInV1: number) {
  await ensureIndex(es, customersProjection, prefix);
  const names = indexNames(customersProjection, prefix);
  for (let i = 0; i < docsInV1; i++) await es.index({ index: `${prefix}customers_v1`, id: `c${i}`, document: { id: `c${i}` }, refresh: true });
  const target = await prepareTarget(es, customersProjection, names, { version: 2 });
  await swapAlias(es, names, target);
  return names;
}

const exists = (index: string) => es.indices.exists({ index });
const indexesOf = async (prefix: string) => Object.keys(await es.indices.get({ index: `${prefix}*`, expand_wildcards: 'all' })).sort();
const rebuildAliasOf = async (names: ReturnType<typeof indexNames>) => (await resolveAliases(es, [names.rebuildAlias])).get(names.rebuildAlias);

describe('rebuild index versions on Elasticsearch', () => {
  it('names the new index after the declared version when it is ahead, after clearing a leftover of an interrupted run', async () => {
    const prefix = fresh();
    await ensureIndex(es, customersProjection, prefix);
    const names = indexNames(customersProjection, prefix);
    const bumped = await prepareTarget(es, { ...customersProjection, version: 4 }, names);
    expect(bumped).toMatchObject({ target: `${prefix}customers_v4`, version: 4, declared: 4, repair: false });
    await abandonTarget(es, names, bumped.target);
    await createVersionIndex(es, customersProjection, `${prefix}customers_v6`, servingSettings); // a leftover ahead of the code
    const behind = await prepareTarget(es, { ...customersProjection, version: 4 }, names);
    expect(behind.cleared).toEqual([`${prefix}customers_v6`]);
    expect(behind.target).toBe(`${prefix}customers_v4`);
  });

  it('given the declaration bumped over a live v1, then it builds the declared version', async () => {
    const prefix = fresh();
    await ensureIndex(es, customersProjection, prefix);
    const names = indexNames(customersProjection, prefix);
    const bumped = await prepareTarget(es, { ...customersProjection, version: 2 }, names);
    expect(bumped).toMatchObject({ target: `${prefix}customers_v2`, version: 2, declared: 2, repair: false, live: `${prefix}customers_v1` });
    expect(await rebuildAliasOf(names)).toBe(`${prefix}customers_v2`);
  });

  it('refuses a rebuild into the declared version when that index exists, naming it and both ways forward, and changes nothing', async () => {
    const prefix = fresh();
    await ensureIndex(es, customersProjection, prefix);
    const names = indexNames(customersProjection, prefix);
    // A leftover of an interrupted run (above the live version) is not deleted by a refused rebuild either.
    await createVersionIndex(es, customersProjection, `${prefix}customers_v5`, servingSettings);
    const before = await indexesOf(prefix);
    const refusal = prepareTarget(es, customersProjection, names);
    await expect(refusal).rejects.toBeInstanceOf(RebuildRefused);
    await expect(refusal).rejects.toThrow(
      `rebuild of customers refused: ${prefix}customers_v1 already exists: a rebuild builds the version declared in code (1) into a new index, never into one that exists. ` +
        'Either bump `version` in the declaration of customers to 2 or more (the usual way after a mapping change) and run `sluice rebuild customers` again, ' +
        'or pass --version <n> with n above 1 (`sluice rebuild customers --version 2`) to rebuild the same declaration into a new index (a data repair)',
    );
    expect(await indexesOf(prefix)).toEqual(before);
    expect(await rebuildAliasOf(names)).toBeUndefined();
    expect((await resolveAliases(es, [names.alias])).get(names.alias)).toBe(`${prefix}customers_v1`);
  });

  it('refuses --version n when n is not above the highest existing version, and builds it when it is', async () => {
    const names = await deployedThenRebuilt(fresh(), 1); // v1 kept with its document, v2 live
    await expect(prepareTarget(es, customersProjection, names, { version: 2 })).rejects.toThrow(`${names.versionPrefix}2 already exists and is never rebuilt in place`);
    await expect(prepareTarget(es, customersProjection, names, { version: 1 })).rejects.toThrow(`${names.versionPrefix}1 already exists`);
    const repair = await prepareTarget(es, customersProjection, names, { version: 3 });
    expect(repair).toMatchObject({ target: `${names.versionPrefix}3`, version: 3, declared: 1, repair: true });
  });

  it('refuses --version below the highest existing version even when that number is free', async () => {
    const prefix = fresh();
    const names = await deployedThenRebuilt(prefix, 1);
    await es.indices.delete({ index: `${prefix}customers_v1` });
    await expect(prepareTarget(es, customersProjection, names, { version: 1 })).rejects.toThrow(
      `--version 1 is not above the highest existing version ${prefix}customers_v2; pass --version <n> with n above 2 (\`sluice rebuild customers --version 3\`)`,
    );
    expect(await exists(`${prefix}customers_v1`)).toBe(false);
  });

  it('`sluice rebuild` refuses with exit code 1 and the message when the declared version exists, and so does a --version not above it', async () => {
    const prefix = fresh();
    await ensureIndex(es, customersProjection, prefix);
    const env = { PROJECTOR_INDEX_PREFIX: prefix };
    const plain = await runSluice(['rebuild', 'customers'], env);
    expect(plain.code).toBe(1);
    expect(plain.out).toContain(`sluice: rebuild of customers refused: ${prefix}customers_v1 already exists`);
    expect(plain.out).toContain('bump `version` in the declaration of customers to 2');
    expect(plain.out).toContain('`sluice rebuild customers --version 2`');
    const low = await runSluice(['rebuild', 'customers', '--version', '1'], env);
    expect(low.code).toBe(1);
    expect(low.out).toContain(`${prefix}customers_v1 already exists and is never rebuilt in place`);
    expect(await indexesOf(prefix)).toEqual([`${prefix}customers_v1`]);
  }, 60_000);

  it('`sluice rebuild order_timeline` (event-built) follows the same rule: the declared order_timeline_v1 exists, so it is refused with both ways forward', async () => {
    const prefix = fresh();
    await ensureEventIndex(es, ORDER_TIMELINE, prefix);
    const run = await runSluice(['rebuild', 'order_timeline'], { PROJECTOR_INDEX_PREFIX: prefix });
    expect(run.code).toBe(1);
    expect(run.out).toContain(`sluice: rebuild of order_timeline refused: ${prefix}order_timeline_v1 already exists`);
    expect(run.out).toContain('`sluice rebuild order_timeline --version 2`');
    // The old name still works, and says it is deprecated.
    const old = await runSluice(['rebuild-timeline'], { PROJECTOR_INDEX_PREFIX: prefix });
    expect(old.code).toBe(1);
    expect(old.out).toContain('sluice rebuild-timeline is deprecated: use `sluice rebuild order_timeline`');
    expect(old.out).toContain('`sluice rebuild-timeline --version 2`');
    expect(await indexesOf(prefix)).toEqual([`${prefix}order_timeline_v1`]);
  }, 60_000);

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
