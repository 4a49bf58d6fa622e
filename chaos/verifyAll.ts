// Elasticsearch against Postgres over whole aliases, every registered projection: documents missing, extra (no
// row behind them: a stray document is found wherever it sits) and stale. A small interface, so the oracle does
// not depend on how verify is implemented; today it is `sluice verify`'s own code, through the projector's door.
import {
  createLifecycleContext,
  lifecycleSettingsFrom,
  loadProjectorConfig,
  verifyProjection,
} from '../projector/operations.js';
import { projections } from '../model/registry.js';

export interface StoreDiff {
  missing: string[];
  extra: string[];
  stale: string[];
}

export interface StoreVerifier {
  verifyAll(): Promise<StoreDiff>;
}

/** Verifies as `sluice verify` does: as the rebuild user, from one Postgres snapshot per projection. */
export function createStoreVerifier(env: Record<string, string | undefined> = process.env): StoreVerifier {
  return {
    async verifyAll() {
      const s = lifecycleSettingsFrom(loadProjectorConfig(env), env);
      const ctx = createLifecycleContext(s, () => undefined);
      const diff: StoreDiff = { missing: [], extra: [], stale: [] };
      try {
        for (const projection of projections) {
          const r = await verifyProjection({
            projection,
            pg: ctx.pg,
            es: ctx.es,
            indexPrefix: s.indexPrefix,
          });
          diff.missing.push(...r.missing.map((id) => `${projection.name}/${id}`));
          diff.extra.push(...r.extra.map((id) => `${projection.name}/${id}`));
          diff.stale.push(...r.stale.map((x) => `${projection.name}/${x.id}: ${x.paths.join(', ')}`));
        }
      } finally {
        await ctx.close();
      }
      return diff;
    },
  };
}
