// The running projector (resolve + hydrate in one process), built from explicit settings. main.ts feeds it from the
// environment; tests and benchmarks create as many as they like, each with its own topics, groups and index prefix.
import type { EsAccess } from '../../lib/esAccess.js';
import type { KafkaSasl } from '../../lib/kafkaSasl.js';
import type { Logger } from '../../lib/logger.js';
import { createEsClient } from '../../model/adapters/elasticsearch/client.js';
import { ensureIndex } from '../../model/adapters/elasticsearch/indexes.js';
import { createKafkaClient } from '../../model/adapters/kafka/client.js';
import type { BeforeImageStatus } from '../../model/projections/beforeImages.js';
import type { Projection } from '../../model/projections/declaration.js';
import { projections as allProjections } from '../../model/registry.js';
import { createDeadLetterSink, createProducer } from '../adapters/kafka/producer.js';
import { createPostgresPool, type PostgresSettings } from '../adapters/postgres/pool.js';
import { createSummaryStore } from '../adapters/postgres/summaries.js';
import { DEFAULT_TUNING, type Tuning } from '../config.js';
import type { FaultHook } from '../hydrate/hydrateStage.js';
import type { MappingStatus } from '../lifecycle/mappingCheck.js';
import { createFrozenState, createMetrics, type ProjectorMetrics } from '../metrics.js';
import type { ProjectorHealth } from '../metricsServer.js';
import { dirtyChangedRoots } from '../resolve/summaryMarks.js';
import { wireStageConsumers } from './consumers.js';
import { wireHydrator, wireRefresher } from './hydration.js';
import { createStartupChecks } from './startupChecks.js';

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
  /** How often a frozen projection's live mapping is checked again (default 5 s); see startupChecks.ts. */
  frozenRecheckMs?: number;
  /** Buffers one small document's hydration may read before the start-up check warns (planCheck.ts; 0 or absent: off). */
  planBufferBound?: number;
  /** At start, build the incremental aggregates' summary rows never built (default) or rebuild them all (PROJECTOR_SUMMARY_BUILD). */
  summaryBuild?: 'missing' | 'always';
  /**
   * false: a start-up rebuild corrects summary rows without dirtying their roots. For the test kit's isolated
   * projectors: they start at the log's end with an index of their own, so none of their documents was built from
   * the drifted rows, and re-marking every root the shared test database drifted on queues thousands of needless
   * hydrations ahead of the test's own changes.
   */
  summaryBuildDirties?: boolean;
  /** Called when a batch of change records arrives, before it is handled: the progress tracker's wake. */
  onChange?: () => void;
}

export interface Projector extends ProjectorHealth {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The start-up mapping check, one entry per projection (empty before start). */
  mappingStatus(): readonly MappingStatus[];
  /** Per table the projections read: are update before images logged (empty before start). */
  beforeImages(): readonly BeforeImageStatus[];
  metrics: ProjectorMetrics;
  /** Resolves once a refresh of the alias that began after the call has returned; undefined without a refresher
   * (PROJECTOR_REFRESH_MS=0). The progress tracker uses it instead of refreshing on its own. */
  refreshed?: (alias: string) => Promise<void>;
}

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
  const summaries = createSummaryStore(pool, projections);
  const refresher = wireRefresher(es, metrics, tuning.refreshMs, s.logger);
  const hydrator = wireHydrator({
    es, pool, metrics, deadLetters, indexPrefix: s.indexPrefix,
    ...(refresher ? { refresher } : {}),
    onMismatch: (p, index, message) => s.logger?.error({ projection: p.name, index }, message),
    onFrozen: (p, detail) => frozen.set(p.name, detail),
  });
  const consumers = wireStageConsumers({
    kafka, es, pool, producer, deadLetters, hydrator, metrics, projections, tuning, names: s, summaries,
    partitions: { cdc: s.cdcPartitions ?? 4, dirty: s.dirtyPartitions },
    columnRouting: s.columnRouting ?? true, timeline: s.timeline ?? false,
    ...(s.fault ? { fault: s.fault } : {}), ...(s.logger ? { logger: s.logger } : {}), ...(s.onChange ? { onChange: s.onChange } : {}),
  });
  const checks = createStartupChecks({
    es, pool, projections, frozen, metrics, indexPrefix: s.indexPrefix,
    ...(s.logger ? { logger: s.logger } : {}), ...(s.frozenRecheckMs !== undefined ? { recheckMs: s.frozenRecheckMs } : {}),
    ...(s.planBufferBound !== undefined ? { planBufferBound: s.planBufferBound } : {}),
  });
  let started = false;
  return {
    metrics,
    ...(refresher ? { refreshed: (alias: string) => refresher.refreshed(alias) } : {}),
    ready: () => started,
    mappingStatus: () => checks.mappingStatus(),
    frozen: () => frozen.list(),
    beforeImages: () => checks.beforeImages(),
    async start() {
      await checks.columnTypes();
      await consumers.ensureTopics();
      for (const p of projections) await ensureIndex(es, p, s.indexPrefix);
      await checks.run();
      await producer.connect();
      // A field never built (a new database, a changed definition) is built from one snapshot before any change is
      // read; a rebuild that corrects an aggregate dirties its root (summaryMarks.ts).
      const built = await summaries.build({ force: s.summaryBuild === 'always', ...(s.summaryBuildDirties === false ? {} : { changed: dirtyChangedRoots(producer, s.dirtyPrefix) }) });
      if (built.length > 0) s.logger?.info({ fields: built }, 'built the summary rows of incremental aggregates');
      await consumers.start();
      started = true;
      s.logger?.info({ projections: projections.map((p) => p.name) }, 'projector started');
    },
    async stop() {
      started = false;
      checks.stop();
      // Consumers first: an in-flight batch finishes (or aborts unresolved) before its producer goes away.
      await consumers.stop();
      refresher?.stop();
      await producer.disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
      await es.close().catch(() => undefined);
    },
  };
}
