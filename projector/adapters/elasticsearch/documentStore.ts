// Bulk writes with external versions, every item read back into our own BulkItemResult. A request that fails as
// a whole (connection refused, timeout, 429/5xx on the request) is a retriable ServiceError.
import { ServiceError } from '../../../lib/errors.js';
import type { BulkOp } from '../../../model/bulk/bulkPlan.js';
import type { BulkItemResult } from '../../../model/bulk/settle.js';
import type { DocumentStore } from '../../ports.js';
import type { EsClient } from '../../../model/adapters/elasticsearch/client.js';

/**
 * `external` for the live stream: a write wins only with a strictly newer snapshot, so replays are no-ops.
 * `external_gte` for operator re-projection: equal versions mean the same snapshot (hydrate/versioning.ts), so
 * rewriting with an equal version never goes backwards, and it lets a fixed projection or a damaged document be
 * rewritten when nothing has committed since the last write.
 */
export type VersionType = 'external' | 'external_gte';

type Operation = Record<string, { _index: string; _id: string; version: number; version_type: VersionType }>;

function body(index: string, ops: readonly BulkOp[], versionType: VersionType): unknown[] {
  return ops.flatMap((op): unknown[] => {
    const meta: Operation = { [op.action]: { _index: index, _id: op.id, version: op.version, version_type: versionType } };
    return op.action === 'index' ? [meta, op.doc] : [meta];
  });
}

interface RawItem {
  _id?: string | null;
  status: number;
  error?: { type?: string; reason?: string | null };
}

export function createDocumentStore(client: EsClient, versionType: VersionType = 'external'): DocumentStore {
  return {
    async bulk(index, ops) {
      if (ops.length === 0) return [];
      let response;
      try {
        // require_alias: every write goes through an alias, so a target removed by a rebuild cannot be recreated
        // by auto-creation with a dynamic mapping.
        response = await client.bulk({ operations: body(index, ops, versionType), require_alias: true });
      } catch (error) {
        throw new ServiceError(`elasticsearch bulk failed: ${(error as Error).message}`, { cause: error });
      }
      return response.items.map((entry, i): BulkItemResult => {
        const action = ops[i]!.action;
        const item = (entry as Record<string, RawItem>)[action]!;
        const result: BulkItemResult = { id: ops[i]!.id, action, status: item.status };
        if (item.error?.type) result.errorType = item.error.type;
        if (item.error?.reason) result.errorReason = item.error.reason;
        return result;
      });
    },
  };
}
