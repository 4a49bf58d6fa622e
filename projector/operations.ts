// The projector's public face: what the operator's command (bin/), the fault suite (chaos/), the benchmarks and the
// test kit may use of the projector. Nothing outside projector/ imports any other file of it (eslint.config.js and
// .dependency-cruiser.cjs say so), so everything behind this door can move without touching them.

export { createBatchConsumer } from './adapters/kafka/consumer.js';
export { createDeadLetterSink, createProducer } from './adapters/kafka/producer.js';
export { createPostgresPool } from './adapters/postgres/pool.js';
export { replicaIdentities } from './adapters/postgres/replicaIdentity.js';
export { createSummaryStore, type SummaryStore } from './adapters/postgres/summaries.js';
export { existingIndexes, type Queryable } from './adapters/postgres/indexCatalog.js';
export { explainHydration, rootExtremes, type RootExtremes } from './adapters/postgres/planProbe.js';
export { DEFAULT_TUNING, lifecycleSettingsFrom, loadProjectorConfig, projectorSchema, rebuildAccessFrom, settingsFrom } from './config.js';
export { createLifecycleContext, type LifecycleContext } from './assembly/lifecycleContext.js';
export { rebuildVersion } from './lifecycle/indexVersions.js';
export { RebuildInterrupted } from './lifecycle/loadSnapshot.js';
export { rebuildProjection } from './lifecycle/rebuild.js';
export { bulkLoadSettings } from './lifecycle/rebuildIndex.js';
export { parseReplayFrom, replayProjection } from './lifecycle/replay.js';
export { parseRoot, reproject, rootsTouchedBy } from './lifecycle/reproject.js';
export { openSnapshot } from './lifecycle/snapshotStream.js';
export { createEventStage } from './events/eventStage.js';
export { rebuildEventBuilt } from './events/rebuildEventBuilt.js';
export { verifyEventBuilt, type EventVerifyReport } from './events/verifyEventBuilt.js';
export { createMetricsServer } from './metricsServer.js';
export { PROJECTION_FROZEN, PROJECTION_FROZEN_INFO, createFrozenState, createMetrics } from './metrics.js';
export { type SqlPool } from './ports.js';
export { createProgressTrackerFor } from './assembly/progressTracker.js';
export { type ProgressTracker } from './progress/tracker.js';
export { createProjector, type Projector, type ProjectorSettings } from './assembly/projector.js';
export { markDirty, type RunLookup } from './resolve/markDirty.js';
export { hydratedDocuments, type ExpectedDocuments, type SqlQueryable } from './verify/expected.js';
export { recheckIds } from './verify/recheck.js';
export { differences, differing, type VerifyProgress } from './verify/report.js';
export { verifyProjection, type VerifyReport } from './verify/verifyProjection.js';
