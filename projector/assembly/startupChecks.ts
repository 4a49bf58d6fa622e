// What the projector checks and says at start, before it consumes: each projection's live mapping against its
// declaration (a differing one is frozen, not written), and per table whether updates log before images. Frozen
// projections are checked again every few seconds, so one fixed by a rebuild reads unfrozen without a new change.
import type { Logger } from '../../lib/logger.js';
import type { EsClient } from '../../model/adapters/elasticsearch/client.js';
import { versionNote } from '../../model/frozen.js';
import { beforeImageStatus, beforeImageWarning, tablesRead, type BeforeImageStatus } from '../../model/projections/beforeImages.js';
import type { Projection } from '../../model/projections/declaration.js';
import { describeDiff } from '../../model/projections/mappingDiff.js';
import { columnTypeProblems, declaredColumns } from '../../model/projections/columnTypes.js';
import { columnTypes } from '../adapters/postgres/columnTypes.js';
import { replicaIdentities } from '../adapters/postgres/replicaIdentity.js';
import { checkLiveMapping, type MappingStatus } from '../lifecycle/mappingCheck.js';
import { checkPlans, type PlanCheck } from './planCheck.js';
import type { FrozenState, ProjectorMetrics } from '../metrics.js';
import type { SqlPool } from '../ports.js';

export interface StartupCheckParts {
  es: EsClient;
  pool: SqlPool;
  projections: readonly Projection[];
  indexPrefix: string;
  frozen: FrozenState;
  metrics: ProjectorMetrics;
  logger?: Logger;
  /** How often a frozen projection's live mapping is checked again (default 5 s). */
  recheckMs?: number;
  /** Buffers hydrating one small document may read before a warning (PROJECTOR_PLAN_BUFFER_BOUND; 0 or absent: no check). */
  planBufferBound?: number;
}

export interface StartupChecks {
  /** Throws, naming every column, when a declared Elasticsearch type cannot hold a column's values: before any index is made. */
  columnTypes(): Promise<void>;
  run(): Promise<void>;
  stop(): void;
  /** The start-up mapping check, one entry per projection (empty before `run`). */
  mappingStatus(): readonly MappingStatus[];
  /** Per table the projections read: are update before images logged (empty before `run`). */
  beforeImages(): readonly BeforeImageStatus[];
  /** The hydration plan check, run beside the start (resolves when it is done; empty when off). */
  plans(): Promise<readonly PlanCheck[]>;
}

const freezeOf = (m: MappingStatus) => (m.matches || !m.index ? undefined : { index: m.index, difference: describeDiff(m.diff), declared: m.declared });

export function createStartupChecks(c: StartupCheckParts): StartupChecks {
  const { es, frozen, logger } = c;
  let mappings: MappingStatus[] = [];
  let images: BeforeImageStatus[] = [];
  let recheck: NodeJS.Timeout | undefined;
  let plans: Promise<PlanCheck[]> = Promise.resolve([]);
  // Hydrate rounds re-decide the state, but a quiet projection has none: without this check it would still read
  // frozen after the rebuild that fixed it, until its next change.
  const recheckFrozen = async () => {
    for (const f of frozen.list()) {
      const projection = c.projections.find((p) => p.name === f.projection);
      if (!projection) continue;
      try {
        frozen.set(f.projection, freezeOf(await checkLiveMapping(es, projection, c.indexPrefix)));
      } catch (error) {
        logger?.warn({ projection: f.projection, err: error }, 'frozen projection re-check failed; the next round or check decides');
      }
    }
  };
  const checkMappings = async () => {
    // A live index with another mapping is not written (targets.ts) and is reported here, fix included.
    mappings = await Promise.all(c.projections.map((p) => checkLiveMapping(es, p, c.indexPrefix)));
    for (const m of mappings.filter((x) => !x.matches)) logger?.error({ projection: m.projection, index: m.index, diff: m.diff }, m.message);
    // Same mapping under another version's name: written, not frozen, but said, with what brings the name in line.
    for (const m of mappings.filter((x) => x.matches)) {
      const note = versionNote(m.projection, m);
      if (note) logger?.warn({ projection: m.projection, index: m.index, declared: m.declared }, note);
    }
    // Frozen from the start, not from the first change that finds it so: a quiet projection is reported too.
    for (const m of mappings) frozen.set(m.projection, freezeOf(m));
  };
  const checkBeforeImages = async () => {
    // Without before images an update cannot be compared column by column: routing is exact but every update fans out.
    images = beforeImageStatus(c.projections, await replicaIdentities(c.pool, [...tablesRead(c.projections).keys()]));
    for (const i of images) c.metrics.beforeImages.set({ table: i.table, identity: i.identity }, i.beforeImages ? 1 : 0);
    for (const i of images.filter((x) => !x.beforeImages)) logger?.warn({ table: i.table, identity: i.identity, fix: i.fix }, beforeImageWarning(i));
  };
  return {
    async columnTypes() {
      const tables = [...new Set(c.projections.flatMap((p) => declaredColumns(p).map((d) => d.table)))];
      const catalog = await columnTypes(c.pool, tables);
      const problems = c.projections.flatMap((p) => columnTypeProblems(p, catalog));
      if (problems.length > 0) throw new Error(`declared types that cannot hold their columns (nothing was written):\n  ${problems.join('\n  ')}`);
    },
    mappingStatus: () => mappings,
    beforeImages: () => images,
    plans: () => plans,
    async run() {
      await checkMappings();
      recheck = setInterval(() => void recheckFrozen(), c.recheckMs ?? 5_000);
      recheck.unref();
      await checkBeforeImages();
      // Beside the start, not before it: EXPLAIN ANALYZE of a few documents must not delay consuming.
      const bound = c.planBufferBound ?? 0;
      plans = checkPlans({ pool: c.pool, projections: c.projections, bound, ...(logger ? { logger } : {}) });
    },
    stop: () => clearInterval(recheck),
  };
}
