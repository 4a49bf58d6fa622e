// The names are a contract with the connector configurations, which cannot import them: a prefix or a route
// changed on one side only fails here, not in a pipeline that silently reads nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { derivedSettings } from '../connectors/register.js';
import { cdcTopic, consumerGroups, CONNECTORS, DEFAULT_TOPIC_PREFIX, dirtyPrefixOf, dirtyTopic, eventTopic, indexNames, isolatedNames, SIGNAL_TABLE, TABLE_CONNECTOR } from './names.js';

const connector = (file: string) => JSON.parse(readFileSync(new URL(`../connectors/${file}`, import.meta.url), 'utf8')) as Record<string, string>;

describe('names', () => {
  it('CDC topics are what the table connector produces', () => {
    const c = connector('sluice-postgres.json');
    expect(c['topic.prefix']).toBe(DEFAULT_TOPIC_PREFIX);
    // The table list is derived (connectors/register.ts), never written into the file.
    expect(c['table.include.list']).toBeUndefined();
    const tables = derivedSettings(TABLE_CONNECTOR)['table.include.list']!.split(',');
    expect(tables).toContain('public.orders');
    expect(tables).toContain(c['signal.data.collection']);
    expect(c['signal.data.collection']).toBe(`public.${SIGNAL_TABLE}`);
    expect(cdcTopic({ prefix: DEFAULT_TOPIC_PREFIX }, 'orders')).toBe(`${c['topic.prefix']}.public.orders`);
  });

  it('the connectors named are the configuration files in connectors/', () => {
    const files = readdirSync(new URL('../connectors/', import.meta.url)).filter((f) => f.endsWith('.json'));
    expect([...CONNECTORS].sort()).toEqual(files.map((f) => f.replace(/\.json$/, '')).sort());
  });

  it('event topics are where the outbox router sends each aggregate type', () => {
    const replacement = connector('sluice-outbox.json')['transforms.outbox.route.topic.replacement']!;
    expect(eventTopic('order')).toBe(replacement.replace('${routedByValue}', 'order'));
  });

  it('an isolated projector shares no topic, group or index with the real one', () => {
    const real = { dirty: dirtyPrefixOf(DEFAULT_TOPIC_PREFIX), groups: consumerGroups('sluice-projector'), index: indexNames({ name: 'orders', version: 1 }) };
    const iso = isolatedNames('t1');
    expect(dirtyTopic(iso.dirtyPrefix, 'orders')).not.toBe(dirtyTopic(real.dirty, 'orders'));
    expect(consumerGroups(iso.groupPrefix).hydrate).not.toBe(real.groups.hydrate);
    expect(indexNames({ name: 'orders', version: 1 }, iso.indexPrefix).alias).not.toBe(real.index.alias);
    expect(iso.dlqTopic).not.toBe(`${DEFAULT_TOPIC_PREFIX}.dlq`);
  });
});
