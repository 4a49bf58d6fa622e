// Wires one projector (resolve + hydrate in one process) from explicit settings. main.ts feeds it from the
// environment; tests create as many as they like, each with its own topics, groups and index prefix.
import type { EsAccess } from '../lib/esAccess.js';
import type { Logger } from '../lib/logger.js';
import type { KafkaSasl } from '../lib/kafkaSasl.js';
import { DEFAULT_TUNING, type Tuning } from './config.js';
import { createBatchConsumer, type BatchConsumer } from './adapters/kafka/consumer.js';
import { createKafkaClient } from '../model/adapters/kafka/client.js';
import { ensureTopics } from '../model/adapters/kafka/admin.js';
import { createDeadLetterSink, createProducer } from './adapters/kafka/producer.js';
import { createEsClient } from '../model/adapters/elasticsearch/client.js';
import { createDocumentStore } from './adapters/elasticsearch/documentStore.js';
import { resolveAliases } from '../model/adapters/elasticsearch/aliases.js';
import { ensureIndex, liveMapping, refreshAlias } from '../model/adapters/elasticsearch/indexes.js';
import { createPostgresPool, type PostgresSettings } from './adapters/postgres/pool.js';
import { replicaIdentities } from './adapters/postgres/replicaIdentity.js';
import { createHydrateStage, type FaultHook } from './hydrate/hydrateStage.js';
import { createHydrator } from './hydrate/hydrator.js';
import { createRefresher } from './hydrate/refresher.js';
import { createSnapshotReader } from './hydrate/snapshotReader.js';
import { createTargetResolver } from './hydrate/targets.js';
import { checkLiveMapping, type MappingStatus } from './lifecycle/mappingCheck.js';
import { createFrozenState, createMetrics, type ProjectorMetrics } from './metrics.js';
import { versionNote, type Freeze } from '../model/frozen.js';
import { describeDiff } from '../model/projections/mappingDiff.js';
import { beforeImageStatus, beforeImageWarning, tablesRead, type BeforeImageStatus } from '../model/projections/beforeImages.js';
import type { Projection } from '../model/projections/declaration.js';
import { capturedTopics, eventProjections, projections as allProjections, sourceTopics } from '../model/registry.js';
import { createResolveStage } from './resolve/resolveStage.js';
import type { RunLookup } from './resolve/markDirty.js';
import type { SqlPool } from './ports.js';
import { consumerGroups, dirtyTopic, indexNames, readModelGroup } from '../lib/names.js';
import { createEventDocStore, ensureEventIndex } from '../model/adapters/elasticsearch/eventDocStore.js';
import { createEventStage } from './events/eventStage.js';

export interface ProjectorSettings {
  brokers: readonly string[];
  /** The Kafka principal the projector authenticates as (KAFKA_PROJECTOR_*); undefined: no SASL. */
  sasl?: KafkaSasl;
  es: EsAccess;
  postgres: PostgresSettings;
  topicPrefix: string;
  dirtyPrefix: string;
  dlqTopic: string;
  groupPrefix: string;
  indexPrefix: string;
  dirtyPartitions: number;
  /** Partitions for CDC topics Debezium has not created yet (no change so far); match the connector's setting. */
  cdcPartitions?: number;
  projections?: readonly Projection[];
  metrics?: ProjectorMetrics;
  logger?: Logger;
  /** Throughput knobs (config.ts DEFAULT_TUNING); anything left out takes its default. */
  tuning?: Partial<Tuning>;
  /** Column-aware routing (default on); off routes every update, as before it existed (PROJECTOR_COLUMN_ROUTING). */
  columnRouting?: boolean;
  /** Test-only crash points in the hydrate stage (docs/reliability.md T01); main.ts sets it from SLUICE_FAULT. */
  fault?: FaultHook;
  /** Build the event-built read models (model/registry.ts eventProjections) from the domain events; off unless asked for. */
  timeline?: boolean;
  /** How often a frozen projection's live mapping is checked again (default 5 s); see `start`. */
  frozenRecheckMs?: number;
}

export interface Projector {
  start(): Promise<void>;
  stop(): Promise<void>;
  ready(): boolean;
  /** The start-up mapping check, one entry per projection (empty before start). */
  mappingStatus(): readonly MappingStatus[];
  /** The projections frozen now (live mapping differs from the declaration), with index and difference. */
  frozen(): Freeze[];
  /** Per table the projections read: are update before images logged (empty before start). */
  beforeImages(): readonly BeforeImageStatus[];
  metrics: ProjectorMetrics;
  /** Resolves once a refresh of the alias that began after the call has returned; undefined without a refresher
   * (PROJECTOR_REFRESH_MS=0). The progress tracker uses it instead of refreshing on its own. */
  refreshed?: (alias: string) => Promise<void>;
}

const lookupVia = (pool: SqlPool): RunLookup => async ({ sql }, values) => (await pool.query<{ id: string; via: string }>(sql, [values])).rows;

export function createProjector(s: ProjectorSettings): Projector {
  const projections = s.projections ?? allProjections;
  const metrics = s.metrics ?? createMetrics();
  const frozen = createFrozenState(metrics);
  const kafka = createKafkaClient(s.brokers, 'sluice-projector', s.sasl);
  const producer = createProducer(kafka);
  const deadLetters = createDeadLetterSink(producer, s.dlqTopic);
  const es = createEsClient(s.es);
  const tuning: Tuning = { ...DEFAULT_TUNING, ...s.tuning };
  const pool = createPostgresPool({ ...s.postgres, max: s.postgres.max ?? tuning.pgPoolSize });
  const cdcTopics = capturedTopics(s.topicPrefix);
  const dirtyTopics = new Map(projections.map((p) => [dirtyTopic(s.dirtyPrefix, p.name), p]));
  const refresher =
    tuning.refreshMs > 0
      ? createRefresher({
          refresh: (alias) => refreshAlias(es, alias),
          observe: (_alias, seconds) => metrics.stageSeconds.observe({ stage: 'searchable' }, seconds),
          minIntervalMs: tuning.refreshMs,
          onError: (alias, error) => s.logger?.warn({ alias, err: error }, 'refresh failed; the index refresh_interval still applies'),
        })
      : undefined;
  const hydrator = createHydrator({
    ...(refresher ? { refresher } : {}),
    reader: createSnapshotReader({ pool }),
    store: createDocumentStore(es),
    deadLetters,
    metrics,
    targets: createTargetResolver({
      resolve: (aliases) => resolveAliases(es, aliases),
      mappingOf: (index) => liveMapping(es, index),
      names: (p) => indexNames(p, s.indexPrefix),
      onMismatch: (p, index, message) => s.logger?.error({ projection: p.name, index }, message),
      onFrozen: (p, detail) => frozen.set(p.name, detail),
    }),
  });
  const onCrash = (error: unknown) => s.logger?.error({ err: error }, 'consumer crashed; kafkajs restarts it');
  const consumers: BatchConsumer[] = [
    createBatchConsumer(
      kafka,
      { groupId: consumerGroups(s.groupPrefix).resolve, topics: cdcTopics, onCrash, concurrency: tuning.resolveConcurrency, maxBytesPerPartition: tuning.fetchMaxBytesPerPartition, commitIntervalMs: tuning.commitIntervalMs },
      createResolveStage({ projections, naming: { prefix: s.topicPrefix }, dirtyPrefix: s.dirtyPrefix, runLookup: lookupVia(pool), producer, deadLetters, metrics, chunkSize: tuning.resolveChunk, columnFilter: s.columnRouting ?? true }),
    ),
    createBatchConsumer(
      kafka,
      { groupId: consumerGroups(s.groupPrefix).hydrate, topics: [...dirtyTopics.keys()], onCrash, concurrency: tuning.hydrateConcurrency, maxBytesPerPartition: tuning.fetchMaxBytesPerPartition, commitIntervalMs: tuning.commitIntervalMs },
      createHydrateStage({ projectionOf: (topic) => dirtyTopics.get(topic), hydrator, deadLetters, metrics, fault: s.fault, chunkSize: tuning.hydrateChunk }),
    ),
  ];
  const events = s.timeline ? eventProjections : [];
  for (const p of events) {
    const alias = indexNames(p, s.indexPrefix).alias;
    consumers.push(
      createBatchConsumer(
        kafka,
        { groupId: readModelGroup(s.groupPrefix, p.group), topics: sourceTopics(p, s.topicPrefix), onCrash, concurrency: 4, maxBytesPerPartition: tuning.fetchMaxBytesPerPartition, commitIntervalMs: tuning.commitIntervalMs },
        createEventStage({ projection: p, store: createEventDocStore(es), deadLetters, index: () => alias, onWritten: (n) => metrics.documentsWritten.inc({ projection: p.name, action: 'index' }, n) }),
      ),
    );
  }
  let started = false;
  let recheck: NodeJS.Timeout | undefined;
  let mappings: MappingStatus[] = [];
  const freezeOf = (m: MappingStatus) => (m.matches || !m.index ? undefined : { index: m.index, difference: describeDiff(m.diff), declared: m.declared });
  // Hydrate rounds re-decide the state, but a quiet projection has none: without this check it would still read
  // frozen after the rebuild that fixed it, until its next change.
  const recheckFrozen = async () => {
    for (const f of frozen.list()) {
      const projection = projections.find((p) => p.name === f.projection);
      if (!projection) continue;
      try {
        frozen.set(f.projection, freezeOf(await checkLiveMapping(es, projection, s.indexPrefix)));
      } catch (error) {
        s.logger?.warn({ projection: f.projection, err: error }, 'frozen projection re-check failed; the next round or check decides');
      }
    }
  };
  let images: BeforeImageStatus[] = [];
  return {
    metrics,
    ...(refresher ? { refreshed: (alias: string) => refresher.refreshed(alias) } : {}),
    ready: () => started,
    mappingStatus: () => mappings,
    frozen: () => frozen.list(),
    beforeImages: () => images,
    async start() {
      // A subscription is fixed at start: a table without changes yet has no topic, so create it now.
      await ensureTopics(kafka, cdcTopics, s.cdcPartitions ?? 4);
      await ensureTopics(kafka, [...dirtyTopics.keys()], s.dirtyPartitions);
      await ensureTopics(kafka, [s.dlqTopic], 1);
      for (const p of events) {
        await ensureTopics(kafka, sourceTopics(p, s.topicPrefix), s.cdcPartitions ?? 4);
        await ensureEventIndex(es, p, s.indexPrefix);
      }
      for (const p of projections) await ensureIndex(es, p, s.indexPrefix);
      // A live index with another mapping is not written (targets.ts) and is reported here, fix included.
      mappings = await Promise.all(projections.map((p) => checkLiveMapping(es, p, s.indexPrefix)));
      for (const m of mappings.filter((x) => !x.matches)) s.logger?.error({ projection: m.projection, index: m.index, diff: m.diff }, m.message);
      // Same mapping under another version's name: written, not frozen, but said, with what brings the name in line.
      for (const m of mappings.filter((x) => x.matches)) {
        const note = versionNote(m.projection, m);
        if (note) s.logger?.warn({ projection: m.projection, index: m.index, declared: m.declared }, note);
      }
      // Frozen from the start, not from the first change that finds it so: a quiet projection is reported too.
      for (const m of mappings) frozen.set(m.projection, freezeOf(m));
      recheck = setInterval(() => void recheckFrozen(), s.frozenRecheckMs ?? 5_000);
      recheck.unref();
      // Without before images an update cannot be compared column by column: routing is exact but every update fans out.
      images = beforeImageStatus(projections, await replicaIdentities(pool, [...tablesRead(projections).keys()]));
      for (const i of images) metrics.beforeImages.set({ table: i.table, identity: i.identity }, i.beforeImages ? 1 : 0);
      for (const i of images.filter((x) => !x.beforeImages)) s.logger?.warn({ table: i.table, identity: i.identity, fix: i.fix }, beforeImageWarning(i));
      await producer.connect();
      for (const c of consumers) await c.start();
      started = true;
      s.logger?.info({ projections: projections.map((p) => p.name) }, 'projector started');
    },
    async stop() {
      started = false;
      clearInterval(recheck);
      // Consumers first: an in-flight batch finishes (or aborts unresolved) before its producer goes away.
      await Promise.allSettled(consumers.map((c) => c.stop()));
      refresher?.stop();
      await producer.disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
      await es.close().catch(() => undefined);
    },
  };
}
