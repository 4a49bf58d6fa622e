import { column, defineProjection } from '../../model/projections/define.js';
import { indexMapping } from '../../model/projections/mapping.js';
import { createTargetResolver } from './targets.js';

const v1 = defineProjection({ name: 'things', version: 1, root: { table: 'customers', key: 'id' }, fields: { id: column('id', 'keyword') } });
const v2 = { ...v1, version: 2, fields: { ...v1.fields, name: column('name', 'search') } };

function resolverOver(aliases: Map<string, string>, mappings: Record<string, unknown>) {
  const frozen: ({ index: string; difference: string } | undefined)[] = [];
  const resolve = createTargetResolver({
    resolve: (names) => Promise.resolve(new Map([...aliases].filter(([alias]) => names.includes(alias)))),
    mappingOf: (index) => Promise.resolve(mappings[index]),
    names: (p) => ({ alias: p.name, rebuildAlias: `${p.name}_rebuild` }),
    onFrozen: (_p, f) => void frozen.push(f),
  });
  return { resolve, frozen };
}

describe('write targets and the frozen signal', () => {
  it('given the live index has the code mapping, then it is written and the projection is not frozen', async () => {
    const { resolve, frozen } = resolverOver(new Map([['things', 'things_v1']]), { things_v1: indexMapping(v1) });
    expect(await resolve(v1)).toEqual(['things']);
    expect(frozen).toEqual([undefined]);
  });

  it('given the live index has another mapping, then nothing is written and every round says frozen, with the index and the difference', async () => {
    const { resolve, frozen } = resolverOver(new Map([['things', 'things_v1']]), { things_v1: indexMapping(v1) });
    expect(await resolve(v2)).toEqual([]);
    expect(await resolve(v2)).toEqual([]);
    const detail = { index: 'things_v1', difference: 'added name', declared: 2 };
    expect(frozen).toEqual([detail, detail]);
  });

  it('given a rebuild swapped in an index with the code mapping, then the next round clears the frozen state', async () => {
    const aliases = new Map([['things', 'things_v1'], ['things_rebuild', 'things_v2']]);
    const { resolve, frozen } = resolverOver(aliases, { things_v1: indexMapping(v1), things_v2: indexMapping(v2) });
    expect(await resolve(v2)).toEqual(['things_rebuild']);
    aliases.set('things', 'things_v2').delete('things_rebuild');
    expect(await resolve(v2)).toEqual(['things']);
    expect(frozen).toEqual([{ index: 'things_v1', difference: 'added name', declared: 2 }, undefined]);
  });

  it('given no live index yet, then the projection is not frozen', async () => {
    const { resolve, frozen } = resolverOver(new Map(), {});
    expect(await resolve(v1)).toEqual([]);
    expect(frozen).toEqual([undefined]);
  });
});
