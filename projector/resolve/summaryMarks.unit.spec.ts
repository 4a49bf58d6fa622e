import { dirtyTopic } from '../../lib/names.js';
import { decodeDirty } from '../../model/change/dirtyMessage.js';
import type { OutgoingMessage, Producer } from '../ports.js';
import { dirtyChangedRoots } from './summaryMarks.js';

describe('dirty marks for the roots a summary build changed', () => {
  it('marks each root once, on its projection dirty topic, caused by the build transaction', async () => {
    const sent: Array<{ topic: string; messages: readonly OutgoingMessage[] }> = [];
    const producer: Producer = { send: async () => undefined, sendAll: async (batches) => void sent.push(...batches) };
    await dirtyChangedRoots(producer, 'sluice.dirty')({ projection: 'customers', roots: ['a', 'b', 'a'], txId: 4242 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.topic).toBe(dirtyTopic('sluice.dirty', 'customers'));
    expect(sent[0]!.messages.map((m) => decodeDirty(m.key, m.value))).toEqual([
      { id: 'a', txIds: [4242], lsn: null, tsMs: null },
      { id: 'b', txIds: [4242], lsn: null, tsMs: null },
    ]);
  });
});
