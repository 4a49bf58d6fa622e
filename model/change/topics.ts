// Which table a CDC topic carries. Debezium names topics `<prefix>.<schema>.<table>`; its heartbeats go to
// `__debezium-heartbeat.<prefix>` and carry no change at all.

import type { TopicNaming } from '../../lib/names.js';

export type TopicKind = { kind: 'table'; table: string } | { kind: 'heartbeat' } | { kind: 'foreign' };

export function classifyTopic(topic: string, naming: TopicNaming): TopicKind {
  if (topic.startsWith(`${naming.heartbeatPrefix ?? '__debezium-heartbeat'}.`)) return { kind: 'heartbeat' };
  const parts = topic.split('.');
  if (parts.length !== 3 || parts[0] !== naming.prefix || !parts[2]) return { kind: 'foreign' };
  return { kind: 'table', table: parts[2] };
}
