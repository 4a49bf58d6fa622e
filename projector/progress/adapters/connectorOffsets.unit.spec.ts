import { describe, expect, it } from '@jest/globals';
import { parseOffsetRecord } from './connectorOffsets.js';

describe("a record of Connect's offsets topic", () => {
  it('names its connector and the lsn_commit of the offset', () => {
    const key = JSON.stringify(['sluice-postgres', { server: 'sluice' }]);
    const value = JSON.stringify({ lsn_proc: 27888704, lsn_commit: 27888704, lsn: 27888704, txId: 4143 });
    expect(parseOffsetRecord(key, value)).toEqual({ connector: 'sluice-postgres', lsnCommit: 27888704n });
  });

  it('is a reset when its value is null, and ignored when it is not an offset record', () => {
    expect(parseOffsetRecord(JSON.stringify(['sluice-outbox', { server: 'sluice_outbox' }]), null)).toEqual({ connector: 'sluice-outbox', lsnCommit: null });
    expect(parseOffsetRecord('not json', '{}')).toBeUndefined();
    expect(parseOffsetRecord(JSON.stringify(['sluice-postgres', {}]), JSON.stringify({ snapshot: true }))).toBeUndefined();
  });
});
