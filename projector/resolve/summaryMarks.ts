// Dirty marks for the roots a summary build changed (adapters/postgres/summaries.ts, docs/design.md decision 11). A
// build at start or after a TRUNCATE sets every aggregate of a field, and one it corrects (rows that drifted while no
// resolve group refreshed them) changes documents no change event names. Their marks carry the build's transaction,
// so hydrate builds them from a snapshot that sees it, and coverage never counts an older write as covering them.
import { dirtyTopic } from '../../lib/names.js';
import { encodeDirty } from '../../model/change/dirtyMessage.js';
import type { Producer, SummaryChanged } from '../ports.js';

export function dirtyChangedRoots(producer: Producer, dirtyPrefix: string): SummaryChanged {
  return async ({ projection, roots, txId }) => {
    const messages = [...new Set(roots)].flatMap((id) => encodeDirty({ projection, id, txIds: [txId], lsn: null, tsMs: null }));
    await producer.sendAll([{ topic: dirtyTopic(dirtyPrefix, projection), messages }]);
  };
}
