// The projector's consumers, one per stage: resolve reads the CDC topics and writes dirty marks, hydrate reads the
// dirty topics and writes documents, and (when asked for) each event-built read model's stage folds its events. Each gets its
// own consumer group; the topics they subscribe to are created before they start, since a subscription is fixed
// at start and a table without changes yet has no topic.
import type { Logger } from '../../lib/logger.js';
import { consumerGroups, dirtyTopic, indexNames, readModelGroup } from '../../lib/names.js';
import type { EsClient } from '../../model/adapters/elasticsearch/client.js';
import { createEventDocStore, ensureEventIndex } from '../../model/adapters/elasticsearch/eventDocStore.js';
import { ensureTopics } from '../../model/adapters/kafka/admin.js';
import type { KafkaClient } from '../../model/adapters/kafka/client.js';
import type { Projection } from '../../model/projections/declaration.js';
import { capturedTopics, eventProjections, sourceTopics } from '../../model/registry.js';
import { createBatchConsumer, type BatchConsumer } from '../adapters/kafka/consumer.js';
import type { Tuning } from '../config.js';
import { createHydrateStage, type FaultHook } from '../hydrate/hydrateStage.js';
import type { Hydrator } from '../hydrate/hydrator.js';
import type { ProjectorMetrics } from '../metrics.js';
import type { DeadLetterSink, Producer, SqlPool } from '../ports.js';
import type { RunLookup } from '../resolve/markDirty.js';
import { createResolveStage } from '../resolve/resolveStage.js';
import type { SummaryStore } from '../adapters/postgres/summaries.js';
import { createEventStage } from '../events/eventStage.js';

export interface ConsumerParts {
  kafka: KafkaClient;
  es: EsClient;
  pool: SqlPool;
  producer: Producer;
  deadLetters: DeadLetterSink;
  hydrator: Hydrator;
  metrics: ProjectorMetrics;
  projections: readonly Projection[];
  tuning: Tuning;
  names: { topicPrefix: string; dirtyPrefix: string; dlqTopic: string; groupPrefix: string; indexPrefix: string };
  partitions: { cdc: number; dirty: number };
  columnRouting: boolean;
  timeline: boolean;
  fault?: FaultHook;
  logger?: Logger;
  /** The incremental aggregates' summary rows, refreshed by the resolve stage. */
  summaries?: SummaryStore;
  /** Told of every batch of change records the resolve stage receives (projector.ts onChange). */
  onChange?: () => void;
}

export interface StageConsumers {
  /** Creates the topics (and the event-built read models' indexes) the consumers subscribe to or write. */
  ensureTopics(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const lookupVia = (pool: SqlPool): RunLookup => async ({ sql }, values) => (await pool.query<{ id: string; via: string }>(sql, [values])).rows;

export function wireStageConsumers(p: ConsumerParts): StageConsumers {
  const { kafka, names, tuning, metrics, deadLetters } = p;
  const groups = consumerGroups(names.groupPrefix);
  const cdcTopics = capturedTopics(names.topicPrefix);
  const dirtyTopics = new Map(p.projections.map((projection) => [dirtyTopic(names.dirtyPrefix, projection.name), projection]));
  const events = p.timeline ? eventProjections : [];
  const onCrash = (error: unknown, restarting: boolean) => p.logger?.error({ err: error, restarting }, 'consumer crashed');
  const fetch = { onCrash, maxBytesPerPartition: tuning.fetchMaxBytesPerPartition, commitIntervalMs: tuning.commitIntervalMs };
  const resolve = createResolveStage({ projections: p.projections, naming: { prefix: names.topicPrefix }, dirtyPrefix: names.dirtyPrefix, runLookup: lookupVia(p.pool), producer: p.producer, deadLetters, metrics, chunkSize: tuning.resolveChunk, columnFilter: p.columnRouting, ...(p.summaries ? { summaries: p.summaries } : {}) });
  const consumers: BatchConsumer[] = [
    createBatchConsumer(
      kafka,
      { ...fetch, groupId: groups.resolve, topics: cdcTopics, concurrency: tuning.resolveConcurrency },
      p.onChange ? (batch) => (p.onChange!(), resolve(batch)) : resolve,
    ),
    createBatchConsumer(
      kafka,
      { ...fetch, groupId: groups.hydrate, topics: [...dirtyTopics.keys()], concurrency: tuning.hydrateConcurrency },
      createHydrateStage({ projectionOf: (topic) => dirtyTopics.get(topic), hydrator: p.hydrator, deadLetters, metrics, fault: p.fault, chunkSize: tuning.hydrateChunk }),
    ),
  ];
  for (const e of events) {
    const alias = indexNames(e, names.indexPrefix).alias;
    consumers.push(
      createBatchConsumer(
        kafka,
        { ...fetch, groupId: readModelGroup(names.groupPrefix, e.group), topics: sourceTopics(e, names.topicPrefix), concurrency: 4 },
        createEventStage({ projection: e, store: createEventDocStore(p.es), deadLetters, index: () => alias, onWritten: (n) => metrics.documentsWritten.inc({ projection: e.name, action: 'index' }, n) }),
      ),
    );
  }
  return {
    async ensureTopics() {
      await ensureTopics(kafka, cdcTopics, p.partitions.cdc);
      await ensureTopics(kafka, [...dirtyTopics.keys()], p.partitions.dirty);
      await ensureTopics(kafka, [names.dlqTopic], 1);
      for (const e of events) {
        await ensureTopics(kafka, sourceTopics(e, names.topicPrefix), p.partitions.cdc);
        await ensureEventIndex(p.es, e, names.indexPrefix);
      }
    },
    async start() {
      for (const c of consumers) await c.start();
    },
    async stop() {
      await Promise.allSettled(consumers.map((c) => c.stop()));
    },
  };
}
