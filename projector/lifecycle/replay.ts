// `sluice replay <projection>`: moves the hydrate group back on the projection's dirty topic. Replaying is
// idempotent by design: every replayed mark re-reads Postgres into a fresh snapshot with a newer version, so
// content converges to the present and nothing is resurrected (versioning.ts, rule a).
import type { KafkaClient } from '../../model/adapters/kafka/client.js';
import { resetGroupOffsets, type OffsetReset, type ReplayFrom } from '../adapters/kafka/offsets.js';
import type { Projection } from '../../model/projections/declaration.js';
import { consumerGroups, dirtyTopic } from '../../lib/names.js';

export interface ReplayOptions {
  kafka: KafkaClient;
  projection: Projection;
  dirtyPrefix: string;
  groupPrefix: string;
  from: ReplayFrom;
}

export interface ReplayReport {
  groupId: string;
  topic: string;
  partitions: OffsetReset[];
}

export async function replayProjection(opts: ReplayOptions): Promise<ReplayReport> {
  const groupId = consumerGroups(opts.groupPrefix).hydrate;
  const topic = dirtyTopic(opts.dirtyPrefix, opts.projection.name);
  return { groupId, topic, partitions: await resetGroupOffsets(opts.kafka, groupId, topic, opts.from) };
}

export function parseReplayFrom(opts: { fromBeginning?: boolean; toTime?: string }): ReplayFrom {
  if (Boolean(opts.fromBeginning) === Boolean(opts.toTime)) throw new Error('replay needs exactly one of --from-beginning or --to-time <ISO>');
  if (opts.fromBeginning) return { kind: 'earliest' };
  const at = new Date(opts.toTime ?? '');
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(opts.toTime ?? '')) throw new Error(`--to-time ${opts.toTime}: expected an ISO 8601 time like 2026-01-31T12:00:00Z`);
  return { kind: 'time', at };
}
