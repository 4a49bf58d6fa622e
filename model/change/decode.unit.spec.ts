import { fixtureRecord } from '../../testkit/debeziumFixtures.js';
import { isRowChange } from './change.js';
import { decodeRecord } from './decode.js';
import { capturedTables } from '../registry.js';

const naming = { prefix: 'sluice' };
const decode = (name: string, table: string, value?: string | null) => decodeRecord(fixtureRecord(name, table, value), naming, capturedTables);

describe('decodeRecord', () => {
  it('decodes a create with its source position', () => {
    const change = decode('customers-create', 'customers');
    expect(change).toMatchObject({ kind: 'create', table: 'customers', before: null, source: { lsn: '24023928', txId: 771 } });
    expect(isRowChange(change) && change.after?.['name']).toBe('Ada Lovelace');
  });

  it('decodes an update without a before image (REPLICA IDENTITY DEFAULT)', () => {
    expect(decode('customers-rename', 'customers')).toMatchObject({ kind: 'update', before: null, after: { name: 'Ada King' } });
  });

  it('decodes snapshot reads, deletes with key-only images, and re-parenting updates', () => {
    expect(decode('customers-snapshot-read', 'customers').kind).toBe('read');
    expect(decode('customers-delete', 'customers')).toMatchObject({ kind: 'delete', after: null });
    expect(decode('order_lines-reparent', 'order_lines')).toMatchObject({
      kind: 'update',
      before: { order_id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' },
      after: { order_id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' },
    });
  });

  it('keeps the TOAST placeholder as data: it is only ever used for routing', () => {
    expect(decode('orders-status-update-toast', 'orders')).toMatchObject({ kind: 'update', after: { status: 'paid' } });
  });

  it('classifies truncate, logical messages, tombstones and heartbeats', () => {
    expect(decode('order_lines-truncate', 'order_lines')).toMatchObject({ kind: 'truncate', table: 'order_lines' });
    expect(decode('message', 'orders').kind).toBe('message');
    expect(decode('customers-create', 'customers', null).kind).toBe('tombstone');
    const heartbeat = decodeRecord({ topic: '__debezium-heartbeat.sluice', partition: 0, offset: '1', value: '{"ts_ms":1}' }, naming, capturedTables);
    expect(heartbeat.kind).toBe('heartbeat');
  });

  it('unwraps an envelope sent with schemas enabled', () => {
    expect(decode('customers-create-with-schema', 'customers')).toMatchObject({ kind: 'create', table: 'customers' });
  });

  it.each([
    ['not-json', 'customers', 'not-json'],
    ['{}', 'customers', 'missing-op'],
    ['[1,2]', 'customers', 'not-an-envelope'],
    ['{"op":"x","after":{}}', 'customers', 'unknown-op'],
    ['{"op":"c","after":{"id":"x"}}', 'invoices', 'unknown-table'],
    ['{"op":"c","after":null}', 'customers', 'missing-image'],
    ['{"op":"d","before":{"id":{"nested":1}}}', 'customers', 'schema-drift'],
  ])('turns %s on %s into poison %s, with its coordinates', (value, table, reason) => {
    const result = decode('customers-create', table, value);
    expect(result).toMatchObject({ kind: 'poison', reason, coordinates: { topic: `sluice.public.${table}`, partition: 0 } });
  });

  it('fails closed on a renamed column instead of routing a half-understood row', () => {
    expect(decode('customers-renamed-column', 'customers')).toMatchObject({ kind: 'poison', reason: 'schema-drift' });
    // The dead letter names the column and the way back, with the row to reproject (T22).
    expect((decode('customers-renamed-column', 'customers') as { detail: string }).detail).toMatch(/lacks column\(s\) name: .*sluice reproject <projection> --root customers:\S+`/);
    expect(JSON.stringify(decode('customers-renamed-column', 'customers'))).toMatch(/"detail":"[^"]*name/);
  });

  it('treats records on foreign topics as poison', () => {
    const result = decodeRecord({ topic: 'other.public.customers', partition: 2, offset: '9', value: '{}' }, naming, capturedTables);
    expect(result).toMatchObject({ kind: 'poison', reason: 'unknown-topic', coordinates: { partition: 2, offset: '9' } });
  });
});
