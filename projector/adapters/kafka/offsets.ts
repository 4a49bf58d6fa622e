// Consumer-group offsets for `sluice replay`. Kafka only lets an EMPTY group's offsets be changed; a running
// projector would also overwrite them with its next commit, so an active group is refused with the fix named.
import { ConflictError } from '../../../lib/errors.js';
import type { KafkaClient } from '../../../model/adapters/kafka/client.js';

export type ReplayFrom = { kind: 'earliest' } | { kind: 'time'; at: Date };

export interface OffsetReset {
  partition: number;
  offset: string;
}

export async function resetGroupOffsets(kafka: KafkaClient, groupId: string, topic: string, from: ReplayFrom): Promise<OffsetReset[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const group = groups[0];
    if (group && group.members.length > 0) {
      throw new ConflictError(
        `consumer group ${groupId} is active (${group.members.length} member(s), state ${group.state}): stop the projector (sluice down projector) and run replay again`,
        'group-active',
      );
    }
    const ends = await admin.fetchTopicOffsets(topic);
    const high = new Map(ends.map((p) => [p.partition, p.high]));
    // A time after the last record has no offset (-1): such a partition has nothing to replay, so start at its end.
    const partitions =
      from.kind === 'earliest'
        ? ends.map((p) => ({ partition: p.partition, offset: p.low }))
        : (await admin.fetchTopicOffsetsByTimestamp(topic, from.at.getTime())).map((p) => ({
            partition: p.partition,
            offset: p.offset === '-1' ? (high.get(p.partition) ?? p.offset) : p.offset,
          }));
    await admin.setOffsets({ groupId, topic, partitions });
    return partitions;
  } finally {
    await admin.disconnect();
  }
}
