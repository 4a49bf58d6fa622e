// Who may do what on the native stack's Kafka: one principal per service, each with the least it needs. The broker
// denies everything no ACL allows (allow.everyone.if.no.acl.found=false) and creates no topic on its own
// (auto.create.topics.enable=false); the admin principal (the launcher, operator tools, tests) is the only super
// user besides the KRaft controller's own. Names come from lib/names.ts with their default prefixes: a deployment
// that changes PROJECTOR_TOPIC_PREFIX or PROJECTOR_GROUP_PREFIX grants the same rights on its own names.
//
// Pure data: kafka.ts applies it with the kafkajs admin client (creating an ACL that exists is a no-op).
import { KAFKA_PRINCIPALS } from '../../lib/kafkaSasl.js';
import { CONNECT_OFFSETS_TOPIC, connectorNotificationTopic, connectorTransactionTopic, DEFAULT_GROUP_PREFIX, DEFAULT_TOPIC_PREFIX, deadLetterTopic, dirtyPrefixOf } from '../../lib/names.js';

export type AclResource = 'topic' | 'group';
export type AclPattern = 'literal' | 'prefixed';
export type AclOperation = 'read' | 'write' | 'create' | 'delete' | 'describe' | 'describe_configs';

export interface AclGrant {
  principal: string;
  resource: AclResource;
  pattern: AclPattern;
  name: string;
  operations: AclOperation[];
}

/** Kafka Connect's storage topics and worker group (connect.ts), which Connect creates itself. */
export const CONNECT_GROUP = 'sluice-connect';
export const CONNECT_STORAGE_TOPICS = { config: 'sluice-connect-configs', offset: CONNECT_OFFSETS_TOPIC, status: 'sluice-connect-status' } as const;

const user = (name: string): string => `User:${name}`;

export function kafkaAcls(topicPrefix = DEFAULT_TOPIC_PREFIX, groupPrefix = DEFAULT_GROUP_PREFIX): AclGrant[] {
  const connect = user(KAFKA_PRINCIPALS.connect);
  const projector = user(KAFKA_PRINCIPALS.projector);
  const ops = user(KAFKA_PRINCIPALS.ops);
  const cdc = `${topicPrefix}.public.`; // Debezium's <topic.prefix>.<schema>.<table>
  const events = `${topicPrefix}.events.`; // the outbox router's topics (lib/names.ts eventTopic)
  const dirty = `${dirtyPrefixOf(topicPrefix)}.`;
  const dlq = deadLetterTopic(topicPrefix);
  const groups = `${groupPrefix}-`; // resolve, hydrate, timeline
  const produced: AclOperation[] = ['write', 'create', 'describe'];
  return [
    // Connect: its storage topics and group, and the topics its connectors write, which Connect creates
    // (topic.creation.enable): table changes, domain events, snapshot notifications, Debezium's heartbeats.
    ...Object.values(CONNECT_STORAGE_TOPICS).map((name): AclGrant => ({ principal: connect, resource: 'topic', pattern: 'literal', name, operations: ['read', 'write', 'create', 'describe', 'describe_configs'] })),
    { principal: connect, resource: 'group', pattern: 'literal', name: CONNECT_GROUP, operations: ['read'] },
    { principal: connect, resource: 'topic', pattern: 'prefixed', name: cdc, operations: produced },
    { principal: connect, resource: 'topic', pattern: 'prefixed', name: events, operations: produced },
    { principal: connect, resource: 'topic', pattern: 'literal', name: connectorNotificationTopic(topicPrefix), operations: produced },
    { principal: connect, resource: 'topic', pattern: 'literal', name: connectorTransactionTopic(topicPrefix), operations: produced },
    { principal: connect, resource: 'topic', pattern: 'prefixed', name: '__debezium-heartbeat.', operations: produced },
    // Projector: reads table changes and domain events; owns (reads, writes, creates) its dirty topics, its
    // dead-letter topic and its consumer groups. It may not create a CDC or event topic: the launcher does, as admin.
    { principal: projector, resource: 'topic', pattern: 'prefixed', name: cdc, operations: ['read', 'describe'] },
    { principal: projector, resource: 'topic', pattern: 'prefixed', name: events, operations: ['read', 'describe'] },
    { principal: projector, resource: 'topic', pattern: 'prefixed', name: dirty, operations: ['read', 'write', 'create', 'describe'] },
    { principal: projector, resource: 'topic', pattern: 'literal', name: dlq, operations: ['read', 'write', 'create', 'describe'] },
    // The progress tracker follows the connectors' committed source offsets where Connect writes them (read only).
    { principal: projector, resource: 'topic', pattern: 'literal', name: CONNECT_OFFSETS_TOPIC, operations: ['read', 'describe'] },
    // Delete: `sluice rebuild` and `sluice verify` of an event-built read model remove the temporary group they read with.
    { principal: projector, resource: 'group', pattern: 'prefixed', name: groups, operations: ['read', 'delete'] },
    // Ops: end offsets of the topics it reports on and the projector's committed offsets; no record, no write.
    { principal: ops, resource: 'topic', pattern: 'prefixed', name: cdc, operations: ['describe'] },
    { principal: ops, resource: 'topic', pattern: 'prefixed', name: dirty, operations: ['describe'] },
    // The event topics the event-built read models fold: their lag row (`sluice lag`, stage events).
    { principal: ops, resource: 'topic', pattern: 'prefixed', name: events, operations: ['describe'] },
    { principal: ops, resource: 'topic', pattern: 'literal', name: dlq, operations: ['describe'] },
    { principal: ops, resource: 'group', pattern: 'prefixed', name: groups, operations: ['describe'] },
  ];
}
