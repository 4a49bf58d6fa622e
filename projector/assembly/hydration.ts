// The hydrate side wired once: snapshot reader, document store and write targets around one hydrator, for the
// running projector (projector.ts) and the operator's commands (lifecycleContext.ts), which differ only in the
// version type they write with, where rejections go and how a skipped index is told.
import type { Logger } from '../../lib/logger.js';
import { indexNames } from '../../lib/names.js';
import { resolveAliases } from '../../model/adapters/elasticsearch/aliases.js';
import type { EsClient } from '../../model/adapters/elasticsearch/client.js';
import { liveMapping, refreshAlias } from '../../model/adapters/elasticsearch/indexes.js';
import { createDocumentStore, type VersionType } from '../adapters/elasticsearch/documentStore.js';
import { createHydrator, type Hydrator } from '../hydrate/hydrator.js';
import { createRefresher, type Refresher } from '../hydrate/refresher.js';
import { createSnapshotReader } from '../hydrate/snapshotReader.js';
import { createTargetResolver, type TargetDeps } from '../hydrate/targets.js';
import type { ProjectorMetrics } from '../metrics.js';
import type { DeadLetterSink, SqlPool } from '../ports.js';

export interface HydrationParts {
  es: EsClient;
  pool: SqlPool;
  indexPrefix: string;
  metrics: ProjectorMetrics;
  deadLetters: DeadLetterSink;
  /** 'external' (the default) for the live stream; the operator's commands rewrite equal versions (documentStore.ts). */
  versionType?: VersionType;
  refresher?: Refresher;
  onMismatch: NonNullable<TargetDeps['onMismatch']>;
  onFrozen?: TargetDeps['onFrozen'];
}

export function wireHydrator(p: HydrationParts): Hydrator {
  const { es } = p;
  return createHydrator({
    ...(p.refresher ? { refresher: p.refresher } : {}),
    reader: createSnapshotReader({ pool: p.pool }),
    store: createDocumentStore(es, p.versionType ?? 'external'),
    deadLetters: p.deadLetters,
    metrics: p.metrics,
    targets: createTargetResolver({
      resolve: (aliases) => resolveAliases(es, aliases),
      mappingOf: (index) => liveMapping(es, index),
      names: (projection) => indexNames(projection, p.indexPrefix),
      onMismatch: p.onMismatch,
      ...(p.onFrozen ? { onFrozen: p.onFrozen } : {}),
    }),
  });
}

/** The live stream's refresher (PROJECTOR_REFRESH_MS); undefined at 0, where the index's refresh_interval applies. */
export function wireRefresher(es: EsClient, metrics: ProjectorMetrics, refreshMs: number, logger?: Logger): Refresher | undefined {
  if (refreshMs <= 0) return undefined;
  return createRefresher({
    refresh: (alias) => refreshAlias(es, alias),
    observe: (_alias, seconds) => metrics.milestoneSeconds.observe({ stage: 'searchable' }, seconds),
    minIntervalMs: refreshMs,
    onError: (alias, error) => logger?.warn({ alias, err: error }, 'refresh failed; the index refresh_interval still applies'),
  });
}
