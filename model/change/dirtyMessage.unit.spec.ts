// Dirty marks travel as bounded records: every causing transaction id survives, however many there are.
import { decodeDirty, encodeDirty, MAX_TX_IDS_PER_RECORD } from './dirtyMessage.js';

const mark = (txIds: number[]) => ({ projection: 'customers', id: 'c-1', txIds, lsn: '0/16B3748', tsMs: 1_700_000_000_000 });

describe('dirty records', () => {
  it('given a mark with few transactions, when encoded, then it is one record that decodes to the same mark', () => {
    const [record, ...rest] = encodeDirty(mark([7, 9]));
    expect(rest).toEqual([]);
    expect(decodeDirty(record!.key, record!.value)).toEqual({ id: 'c-1', txIds: [7, 9], lsn: '0/16B3748', tsMs: 1_700_000_000_000 });
  });

  it('given a customer dirtied by 10,000 transactions, when encoded, then bounded records under one key carry every id', () => {
    const txIds = Array.from({ length: 10_000 }, (_, i) => 1000 + i);
    const records = encodeDirty(mark(txIds));

    expect(records.length).toBe(Math.ceil(10_000 / MAX_TX_IDS_PER_RECORD));
    expect(new Set(records.map((r) => r.key))).toEqual(new Set(['c-1']));
    expect(records.flatMap((r) => decodeDirty(r.key, r.value)!.txIds)).toEqual(txIds);
    expect(Math.max(...records.map((r) => r.value.length))).toBeLessThan(8_000);
  });
});
