// The progress tracker of a projector (progress/tracker.ts) built from the projector's own settings, topics, groups
// and aliases, for projector/main.ts or a test. Usage: `const progress = createProgressTrackerFor({ settings,
// connect, logger }); progress.start();` and `await progress.stop()` before the projector stops.
import type { Logger } from '../../lib/logger.js';
import type { ConnectRest } from '../../connectors/rest.js';
import { createEsClient } from '../../model/adapters/elasticsearch/client.js';
import { createKafkaClient } from '../../model/adapters/kafka/client.js';
import { createPostgresPool } from '../adapters/postgres/pool.js';
import { capturedTopics, eventProjections, projections as allProjections, sourceTopics } from '../../model/registry.js';
import { createEventProgressTracker } from '../progress/eventTracker.js';
import { createProgressSources } from '../progress/adapters/sources.js';
import { createProgressTracker, type ProgressTracker } from '../progress/tracker.js';
import type { ProjectorSettings } from './projector.js';
import { CONNECT_OFFSETS_TOPIC, consumerGroups, dirtyTopic, indexNames, OUTBOX_CONNECTOR, progressIndex, readModelGroup } from '../../lib/names.js';
import { followConnectorOffsets } from '../progress/adapters/connectorOffsets.js';

/** The projector's own settings, the ones the tracker needs: it follows the same topics, groups and indexes. */
export type ProgressSettings = Pick<ProjectorSettings, 'brokers' | 'sasl' | 'es' | 'postgres' | 'topicPrefix' | 'dirtyPrefix' | 'groupPrefix' | 'indexPrefix' | 'projections'>;

export interface ProgressWiring {
  settings: ProgressSettings;
  /** Kafka Connect's REST API and its credentials (CONNECT_URL, CONNECT_REST_*). */
  connect: ConnectRest;
  connector?: string;
  /** Defaults to `<indexPrefix>sluice_progress`, so isolated test projectors do not overwrite the real one. */
  progressIndex?: string;
  /** How often a snapshot is taken, and how often the offsets are checked (tracker.ts). */
  intervalMs?: number;
  pollMs?: number;
  /** The longest pause while nothing moves (progress/cadence.ts). */
  idleMs?: number;
  logger?: Logger;
  /** The projector's own refresher (Projector.refreshed): publishing then waits for its next refresh of the alias
   * instead of adding one. Without it the tracker refreshes the alias itself. */
  refreshed?: (alias: string) => Promise<void>;
  /** Also track the event-built read models (projector/progress/eventTracker.ts): on where the projector builds them. */
  eventBuilt?: boolean;
}

export function createProgressTrackerFor(w: ProgressWiring): ProgressTracker {
  const s = w.settings;
  const projections = s.projections ?? allProjections;
  // One connection per loop that takes snapshots.
  const pool = createPostgresPool({ ...s.postgres, max: w.eventBuilt ? 2 : 1 });
  const es = createEsClient(s.es);
  // Both trackers learn of a connector's commit when Connect writes it, and look at once.
  const offsets = followConnectorOffsets({
    kafka: createKafkaClient(s.brokers, 'sluice-progress-offsets', s.sasl), topic: CONNECT_OFFSETS_TOPIC, groupPrefix: s.groupPrefix,
    onCommit: () => (tracker.wake(), events.wake()), ...(w.logger ? { logger: w.logger } : {}),
  });
  const idle = w.idleMs ? { idleMs: w.idleMs } : {};
  const sources = createProgressSources({
    pool, es, kafka: createKafkaClient(s.brokers, 'sluice-progress', s.sasl), connect: w.connect, offsets,
    connector: w.connector ?? 'sluice-postgres', progressIndex: w.progressIndex ?? progressIndex(s.indexPrefix),
  });
  const tracker = createProgressTracker({
    sources: w.refreshed ? { ...sources, refresh: w.refreshed } : sources,
    cdcTopics: capturedTopics(s.topicPrefix),
    resolveGroup: consumerGroups(s.groupPrefix).resolve,
    hydrateGroup: consumerGroups(s.groupPrefix).hydrate,
    projections: projections.map((p) => ({ name: p.name, dirtyTopic: dirtyTopic(s.dirtyPrefix, p.name), alias: indexNames(p, s.indexPrefix).alias })),
    ...(w.intervalMs ? { intervalMs: w.intervalMs } : {}),
    ...(w.pollMs ? { pollMs: w.pollMs } : {}),
    ...idle,
    ...(w.logger ? { logger: w.logger } : {}),
  });
  // The event-built read models are followed through the outbox connector, on a loop of their own.
  const eventSources = createProgressSources({
    pool, es, kafka: createKafkaClient(s.brokers, 'sluice-progress-events', s.sasl), connect: w.connect, offsets,
    connector: OUTBOX_CONNECTOR, progressIndex: w.progressIndex ?? progressIndex(s.indexPrefix),
  });
  const events = createEventProgressTracker({
    sources: eventSources,
    models: (w.eventBuilt ? eventProjections : []).map((p) => ({ name: p.name, topics: sourceTopics(p, s.topicPrefix), group: readModelGroup(s.groupPrefix, p.group), alias: indexNames(p, s.indexPrefix).alias })),
    ...(w.intervalMs ? { intervalMs: w.intervalMs } : {}),
    ...idle,
    ...(w.logger ? { logger: w.logger } : {}),
  });
  return {
    start() {
      tracker.start();
      events.start();
      // Until it has read a commit (or if Kafka refuses it), the trackers ask Connect's REST API instead.
      offsets.start().catch((error: unknown) => w.logger?.warn({ err: error }, 'cannot follow the connector offsets; asking Kafka Connect instead'));
    },
    wake() {
      tracker.wake();
      events.wake();
    },
    async stop() {
      await Promise.all([tracker.stop(), events.stop(), offsets.stop().catch(() => undefined)]);
      await Promise.all([sources.close(), eventSources.close()]);
      await pool.end().catch(() => undefined);
      await es.close().catch(() => undefined);
    },
  };
}
