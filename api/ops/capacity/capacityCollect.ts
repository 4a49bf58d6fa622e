// Gathers the capacity figures of every projection at once, each probe bounded like the lag probes (probe.ts),
// so an unreachable Elasticsearch or Postgres becomes an "unavailable" figure rather than a failed request.
import type { RebuildMeasurement } from '../../../model/adapters/elasticsearch/capacityStore.js';
import { buildCapacityReport, type CapacityReport, type IndexSize, type TableSize } from './capacity.js';
import { measure } from '../probe.js';
import type { ChartPoint } from '../lag/statusChanges.js';

export interface CapacityTarget {
  projection: string;
  alias: string;
  /** The root table first, then every table the declaration reads. */
  tables: readonly string[];
}

export interface CapacityProbes {
  indexSize: (alias: string) => Promise<IndexSize>;
  tableSizes: (tables: readonly string[]) => Promise<TableSize[]>;
  lastRebuild: (projection: string) => Promise<RebuildMeasurement | null>;
  /** The ops service's recent chart points, where catch-up is looked for. */
  points: () => readonly ChartPoint[];
}

export interface CapacityOptions {
  targets: readonly CapacityTarget[];
  probes: CapacityProbes;
  timeoutMs: number;
  /** How much history `points` covers, in words ("last 10 min"). */
  windowLabel: string;
  now?: () => number;
}

export const createCapacity = ({ targets, probes, timeoutMs, windowLabel, now = Date.now }: CapacityOptions) => async (): Promise<CapacityReport> => {
  const figures = await Promise.all(
    targets.map(async (t) => {
      const [index, postgres, lastRebuild] = await Promise.all([
        measure(() => probes.indexSize(t.alias), timeoutMs, 'Elasticsearch'),
        measure(() => probes.tableSizes(t.tables), timeoutMs, 'Postgres'),
        measure(() => probes.lastRebuild(t.projection), timeoutMs, 'Elasticsearch'),
      ]);
      return { projection: t.projection, alias: t.alias, index, postgres, lastRebuild };
    }),
  );
  return buildCapacityReport(now(), figures, probes.points(), windowLabel);
};
