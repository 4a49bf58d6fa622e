// Every name Sluice's processes must agree on, spelled once: Kafka topics and consumer groups, Elasticsearch aliases
// and version indexes, the progress index. The projector, the query API, the ops service, the command API's events,
// tests and benchmarks all import them from here, so a projection or a prefix is never written out by hand.

/** Debezium's `topic.prefix`, and the first part of every topic Sluice writes. */
export const DEFAULT_TOPIC_PREFIX = 'sluice';
/** The projector's consumer groups are `<groupPrefix>-resolve` and `<groupPrefix>-hydrate`. */
export const DEFAULT_GROUP_PREFIX = 'sluice-projector';
/** One document per projection: up to which Postgres snapshot everything is searchable. */
export const PROGRESS_INDEX = 'sluice_progress';
/** The table-change connector (connectors/sluice-postgres.json) and the publication it reads. */
export const TABLE_CONNECTOR = 'sluice-postgres';
export const TABLE_PUBLICATION = 'sluice_publication';
/** The outbox connector (connectors/sluice-outbox.json): the domain event topics that event-built read models fold, with a slot of its own (docs/events.md). */
export const OUTBOX_CONNECTOR = 'sluice-outbox';
/** Kafka Connect's offsets topic (offset.storage.topic): the progress tracker follows the connectors' commits there. */
export const CONNECT_OFFSETS_TOPIC = 'sluice-connect-offsets';
/** Every connector Sluice registers, each named after its JSON file in connectors/. */
export const CONNECTORS = [TABLE_CONNECTOR, OUTBOX_CONNECTOR] as const;
/** Sluice's own captured tables: the connector's heartbeat row, and Debezium's signal table (incremental snapshots). */
export const HEARTBEAT_TABLE = 'sluice_heartbeat';
export const SIGNAL_TABLE = 'sluice_signal';
/** One document per projection: its last rebuild's measured rate, from which `sluice capacity` predicts the next. */
export const CAPACITY_INDEX = 'sluice_capacity';

export interface TopicNaming {
  prefix: string;
  heartbeatPrefix?: string;
}

/** Debezium's change topic of a table: `<prefix>.<schema>.<table>`. */
export const cdcTopic = (naming: Pick<TopicNaming, 'prefix'>, table: string, schema = 'public'): string => `${naming.prefix}.${schema}.${table}`;

/** Where the table-change connector reports on its incremental snapshots (Debezium's sink notification channel). */
export const connectorNotificationTopic = (topicPrefix = DEFAULT_TOPIC_PREFIX): string => `${topicPrefix}.notifications`;
/** Debezium's transaction boundaries (provide.transaction.metadata): each END record carries the offset of the commit. */
export const connectorTransactionTopic = (topicPrefix = DEFAULT_TOPIC_PREFIX): string => `${topicPrefix}.transaction`;

/** Where the resolve stage writes a projection's dirty marks: `<dirtyPrefix>.<projection>`. */
export const dirtyTopic = (dirtyPrefix: string, projection: string): string => `${dirtyPrefix}.${projection}`;
export const dirtyPrefixOf = (topicPrefix: string): string => `${topicPrefix}.dirty`;
export const deadLetterTopic = (topicPrefix: string): string => `${topicPrefix}.dlq`;

/** The outbox router's topic for an aggregate type (connectors/sluice-outbox.json routes to it). */
export const eventTopic = (aggregate: string, topicPrefix = DEFAULT_TOPIC_PREFIX): string => `${topicPrefix}.events.${aggregate}`;

/** The live consumer group of an event-built read model: `<groupPrefix>-<group>` (its declaration names `group`). */
export const readModelGroup = (groupPrefix: string, group: string): string => `${groupPrefix}-${group}`;

export const consumerGroups = (groupPrefix: string): { resolve: string; hydrate: string; timeline: string } => ({
  resolve: `${groupPrefix}-resolve`,
  hydrate: `${groupPrefix}-hydrate`,
  timeline: readModelGroup(groupPrefix, 'timeline'),
});

export interface IndexNames {
  /** The read alias: what the query API and the live projector use. */
  alias: string;
  /** The write alias of an index being rebuilt; exists only during a rebuild. */
  rebuildAlias: string;
  /** `<prefix><name>_v`: followed by the version number. */
  versionPrefix: string;
  /** The version created when nothing exists yet. */
  index: string;
}

/** A projection lives in `<prefix><name>_v<N>` behind the read alias `<prefix><name>`. */
export const readAlias = (projection: string, indexPrefix = ''): string => `${indexPrefix}${projection}`;

export const indexNames = (projection: { name: string; version: number }, prefix = ''): IndexNames => ({
  alias: readAlias(projection.name, prefix),
  rebuildAlias: `${prefix}${projection.name}_rebuild`,
  versionPrefix: `${prefix}${projection.name}_v`,
  index: `${prefix}${projection.name}_v${projection.version}`,
});

export const progressIndex = (indexPrefix = ''): string => `${indexPrefix}${PROGRESS_INDEX}`;

export const capacityIndex = (indexPrefix = ''): string => `${indexPrefix}${CAPACITY_INDEX}`;

/** The names of an isolated projector (tests, benchmarks): its own dirty topics, dead letters, groups and indexes,
 * sharing only the CDC topics with the real one. The tag stands where the topic prefix stands in the real names
 * (`<tag>.dirty.<projection>`, `<tag>.dlq`), so the `sluice` command reaches an isolated projector's topics with
 * `PROJECTOR_TOPIC_PREFIX=<tag>`. */
export const isolatedNames = (tag: string): { dirtyPrefix: string; dlqTopic: string; groupPrefix: string; indexPrefix: string } => ({
  dirtyPrefix: dirtyPrefixOf(tag),
  dlqTopic: deadLetterTopic(tag),
  groupPrefix: `test-${tag}`,
  indexPrefix: `${tag}-`,
});
