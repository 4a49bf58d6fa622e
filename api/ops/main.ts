// Composition root of the operations service: config -> adapters -> app -> listen. `main` is the only place that
// reads the environment; `createOpsRuntime` wires the adapters into the rooms (lag, capacity, recovery, search).
// `sluice lag` and `sluice capacity` (in-process mode) and the test kit build the same runtime from here, so every
// one of them measures exactly the same things.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { loadConfig } from '../../lib/config.js';
import { listen, serverLimitsFrom } from '../../lib/httpServer.js';
import { kafkaSasl } from '../../lib/kafkaSasl.js';
import { keyWithScope } from '../../lib/keyring.js';
import { createLogger, type Logger } from '../../lib/logger.js';
import { capacityIndex, consumerGroups, deadLetterTopic, dirtyPrefixOf, dirtyTopic, progressIndex, readAlias, readModelGroup } from '../../lib/names.js';
import { surviveConnectionErrors } from '../../lib/pgPool.js';
import { passwordsOf } from '../../lib/processSecrets.js';
import { refuseUnsafeProduction } from '../../lib/production.js';
import { withSecrets } from '../../lib/secrets.js';
import { capturedTopics, eventProjections, projections, sourceTopics } from '../../model/registry.js';
import { opsView } from '../../model/projections/define.js';
import { tablesRead } from '../../model/projections/beforeImages.js';
import { restartConnector } from '../../connectors/register.js';
import { connectRest } from '../../connectors/rest.js';
import { createConnectorProbe } from './adapters/connect/connectorStatus.js';
import { createOpsEsClient, type OpsEsClient } from './adapters/elasticsearch/client.js';
import { indexSize, lastRebuild } from './adapters/elasticsearch/capacityStats.js';
import { createIndexProbe, pingElasticsearch } from './adapters/elasticsearch/indexStats.js';
import { createSearch } from './adapters/elasticsearch/search.js';
import { createKafkaProbe } from './adapters/kafka/offsets.js';
import { createFrozenProbe, createProjectorMetricsProbe, createRoutingProbe, createStagesProbe } from './adapters/metrics/metricsScrape.js';
import { createOpsPool, createSlotHolderProbe, createSlotProbe } from './adapters/postgres/slot.js';
import { tableSizes } from './adapters/postgres/tableSizes.js';
import type { CapacityReport } from './capacity/capacity.js';
import { createCapacity } from './capacity/capacityCollect.js';
import { createCollector } from './lag/collect.js';
import type { ConnectorFigures } from './lag/sample.js';
import { createMonitor, type Monitor } from './lag/monitor.js';
import type { ReportOptions } from './lag/report.js';
import { superviseConnector } from './recovery/connectorRecovery.js';
import { createOpsApp } from './app.js';
import { opsConfigSchema, type OpsConfig } from './config.js';

export interface OpsRuntime {
  monitor: Monitor;
  search: ReturnType<typeof createSearch>;
  capacity: () => Promise<CapacityReport>;
  projections: readonly string[];
  ping: () => Promise<void>;
  close: () => Promise<void>;
}

export function reportOptions(c: Readonly<OpsConfig>): ReportOptions {
  return {
    thresholds: {
      maxSlotLagBytes: c.OPS_MAX_SLOT_LAG_BYTES,
      maxRetainedWalBytes: c.OPS_MAX_RETAINED_WAL_BYTES,
      maxConsumerLag: c.OPS_MAX_CONSUMER_LAG,
      maxDirtyBacklog: c.OPS_MAX_DIRTY_BACKLOG,
      maxFreshnessP99Ms: c.OPS_MAX_FRESHNESS_P99_MS,
      maxDeadLetters: c.OPS_MAX_DEAD_LETTERS,
      failingFactor: c.OPS_FAILING_FACTOR,
    },
    freshnessWindowMs: c.OPS_FRESHNESS_WINDOW_MS,
    throughputWindowMs: c.OPS_THROUGHPUT_WINDOW_MS,
    dirtyTopics: projections.map((p) => ({ projection: p.name, topic: dirtyTopic(c.PROJECTOR_DIRTY_PREFIX ?? dirtyPrefixOf(c.PROJECTOR_TOPIC_PREFIX), p.name) })),
    freshnessSource: `projector metric sluice_projector_commit_to_indexed_seconds at ${c.PROJECTOR_METRICS_URL}`,
  };
}

// The connector probe, supervised (restarting a stuck connector) unless OPS_CONNECTOR_AUTO_RESTART=off. The
// other connectors named in OPS_SUPERVISE_ALSO (the outbox's) are supervised on the same beat; what is done about
// them is logged, the report shows the table-change connector.
function connectorProbe(c: Readonly<OpsConfig>, pool: pg.Pool, logger: Logger): () => Promise<ConnectorFigures> {
  const connect = connectRest(c.CONNECT_URL, c.CONNECT_REST_USER, c.CONNECT_REST_PASSWORD);
  const probe = createConnectorProbe(connect, c.CONNECT_CONNECTOR);
  if (c.OPS_CONNECTOR_AUTO_RESTART === 'off') return probe;
  const policy = { stuckForMs: c.OPS_CONNECTOR_STUCK_MS, stalledForMs: c.OPS_SLOT_STALLED_MS, stalledRestartMs: c.OPS_SLOT_STALLED_RESTART_MS, backoffMs: c.OPS_CONNECTOR_BACKOFF_MS, maxBackoffMs: c.OPS_CONNECTOR_MAX_BACKOFF_MS };
  const supervise = (connector: string, slot: string) =>
    superviseConnector({
      probe: connector === c.CONNECT_CONNECTOR ? probe : createConnectorProbe(connect, connector),
      restart: () => restartConnector(connect, connector),
      slot: createSlotHolderProbe(pool, slot),
      policy,
      logger: logger.child({ connector }),
    });
  const main = supervise(c.CONNECT_CONNECTOR, c.PG_SLOT_NAME);
  const others = c.OPS_SUPERVISE_ALSO.map(({ connector, slot }) => supervise(connector, slot));
  return async () => {
    const [figures] = await Promise.all([main(), ...others.map((other) => other().catch((error: unknown) => logger.warn({ err: error }, 'supervising a connector failed')))]);
    return figures;
  };
}

export function createOpsRuntime(c: Readonly<OpsConfig>, logger: Logger): OpsRuntime {
  const pool = createOpsPool({ host: c.PG_HOST, port: c.PG_PORT, database: c.PG_DATABASE, user: c.PG_OPS_USER, password: c.PG_OPS_PASSWORD });
  // A dropped idle connection must not crash the one process that is supposed to see outages.
  surviveConnectionErrors(pool, (error) => logger.warn({ err: error }, 'Postgres connection error'));
  const es: OpsEsClient = createOpsEsClient({ url: c.ES_URL, caFile: c.ES_CA_FILE, username: c.ES_OPS_USER, password: c.ES_OPS_PASSWORD });
  const aliases = projections.map((p) => ({ projection: p.name, alias: readAlias(p.name, c.PROJECTOR_INDEX_PREFIX) }));
  const kafka = createKafkaProbe({
    brokers: c.KAFKA_BROKERS,
    sasl: kafkaSasl(c.KAFKA_OPS_USER, c.KAFKA_OPS_PASSWORD),
    resolveGroup: consumerGroups(c.PROJECTOR_GROUP_PREFIX).resolve,
    hydrateGroup: consumerGroups(c.PROJECTOR_GROUP_PREFIX).hydrate,
    cdcTopics: capturedTopics(c.PROJECTOR_TOPIC_PREFIX),
    dirtyTopics: reportOptions(c).dirtyTopics.map((d) => d.topic),
    dlqTopic: c.PROJECTOR_DLQ_TOPIC ?? deadLetterTopic(c.PROJECTOR_TOPIC_PREFIX),
    eventGroups: eventProjections.map((p) => ({ groupId: readModelGroup(c.PROJECTOR_GROUP_PREFIX, p.group), topics: sourceTopics(p, c.PROJECTOR_TOPIC_PREFIX) })),
  });
  // The projector's /metrics needs an ops key: the one named for it, else this service's own first ops key.
  const scrape = { key: c.PROJECTOR_METRICS_KEY ?? keyWithScope(c.API_KEYS, 'ops') };
  const collect = createCollector({
    timeoutMs: c.OPS_PROBE_TIMEOUT_MS,
    probes: {
      slot: createSlotProbe(pool, c.PG_SLOT_NAME),
      connector: connectorProbe(c, pool, logger),
      kafka: kafka.probe,
      indexes: createIndexProbe(es, aliases, progressIndex(c.PROJECTOR_INDEX_PREFIX)),
      commitToIndexed: createProjectorMetricsProbe(c.PROJECTOR_METRICS_URL, scrape),
      routing: createRoutingProbe(c.PROJECTOR_METRICS_URL, scrape),
      stageSeconds: createStagesProbe(c.PROJECTOR_METRICS_URL, scrape),
      frozen: createFrozenProbe(c.PROJECTOR_METRICS_URL, scrape),
    },
  });
  const monitor = createMonitor({ collect, report: reportOptions(c), logger, intervalMs: c.OPS_INTERVAL_MS, historySize: c.OPS_HISTORY_SIZE });
  const capacity = createCapacity({
    targets: projections.map((p) => ({ projection: p.name, alias: readAlias(p.name, c.PROJECTOR_INDEX_PREFIX), tables: [...tablesRead([p]).keys()] })),
    probes: {
      indexSize: (alias) => indexSize(es, alias),
      tableSizes: (tables) => tableSizes(pool, tables),
      lastRebuild: (projection) => lastRebuild(es, capacityIndex(c.PROJECTOR_INDEX_PREFIX), projection),
      points: () => monitor.points(),
    },
    timeoutMs: c.OPS_PROBE_TIMEOUT_MS,
    windowLabel: `last ${Math.round((c.OPS_HISTORY_SIZE * c.OPS_INTERVAL_MS) / 60_000)} min at most`,
  });
  return {
    monitor,
    capacity,
    search: createSearch(es, projections.map((p) => ({ projection: p.name, alias: readAlias(p.name, c.PROJECTOR_INDEX_PREFIX), ...opsView(p) }))),
    projections: aliases.map((a) => a.projection),
    ping: () => pingElasticsearch(es),
    async close() {
      await monitor.stop();
      await Promise.allSettled([kafka.close(), pool.end(), es.close()]);
    },
  };
}

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const settings = withSecrets(env);
  refuseUnsafeProduction(settings, { apiKeys: true, passwords: passwordsOf('ops'), httpsUrls: ['ES_URL'], presentedKeys: ['PROJECTOR_METRICS_KEY'] });
  const config = loadConfig(opsConfigSchema, settings);
  const logger = createLogger('ops', config.LOG_LEVEL);
  const runtime = createOpsRuntime(config, logger);
  runtime.monitor.start();
  const app = createOpsApp({
    ...runtime, logger, apiKeys: config.API_KEYS, apiKeySecret: config.API_KEY_SECRET, defaultMetrics: true,
    rateLimit: { windowMs: config.API_RATE_WINDOW_MS, limit: config.API_RATE_LIMIT },
    ipRateLimit: { windowMs: config.API_RATE_WINDOW_MS, limit: config.API_IP_RATE_LIMIT },
  });
  const server = createServer(app);
  const address = await listen(server, config.API_OPS_PORT, serverLimitsFrom(config));
  logger.info({ host: address.address, port: address.port }, 'ops service listening');
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.closeIdleConnections();
    server.close(() => void runtime.close().finally(() => logger.info('stopped')));
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => shutdown(signal));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    // Exit now: a refused setting or a port in use must not leave a half-started process (pools, timers) behind.
    process.exit(1);
  });
}
