// Elasticsearch against Postgres over whole aliases, every registered projection: documents missing, extra (no
// row behind them: a stray document is found wherever it sits) and stale. It runs `sluice verify`'s own streaming
// code (one snapshot, whole alias), but the documents it expects come from the test kit's independently written
// reference path (testkit/referenceDocs.ts), not from the projections' hydration SQL that the pipeline itself runs.
import {
  createLifecycleContext,
  lifecycleSettingsFrom,
  loadProjectorConfig,
  verifyProjection,
} from '../projector/operations.js';
import { projections } from '../model/registry.js';
import { expectedDocuments } from '../testkit/referenceDocs.js';

export interface StoreDiff {
  missing: string[];
  extra: string[];
  stale: string[];
}

export interface StoreVerifier {
  verifyAll(): Promise<StoreDiff>;
}

/** Verifies as `sluice verify` does (as the rebuild user, one Postgres snapshot per projection), against the reference documents. */
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
            expected: expectedDocuments,
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
