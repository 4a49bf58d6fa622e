// What operators read: the lag report, one row per pipeline hop (Postgres slot, connector, Kafka, dirty keys, routing,
// Elasticsearch, freshness, dead letters), each with a status, reasons, throughput and figures. The JSON field is
// `stages` (the HTTP contract); inside the ops service a row is a lag row, not to be confused with the projector's
// stages. Pure types: openapi.ts types the document against them.
import type { ConnectorFigures, DeadLetterFigures, GroupLag, IndexFigures, RoutingScrape, SlotFigures } from './sample.js';

export type Health = 'ok' | 'degraded' | 'failing';

/** Why an index is frozen and the command that unfreezes it (the `freeze` field of a report entry). */
export interface FreezeDetail {
  /** The live index the projector does not write. */
  index: string | null;
  /** What differs between its mapping and the declaration (`added channel`), briefly. */
  difference: string | null;
  command: string;
}

/** An index as reported: the figures, and whether the projector refuses to write it (frozen, mapping differs). */
export interface IndexReport extends IndexFigures {
  frozen: boolean;
  /** Null unless frozen. */
  freeze: FreezeDetail | null;
}

export interface RoutingFigures {
  tables: Array<RoutingScrape['tables'][number] & { fix: string | null }>;
  decisions: RoutingScrape['decisions'];
  routed: number;
  skipped: number;
  /** Documents per source change over the freshness window (since projector start when no older scrape exists). */
  amplification: { p50: number | null; p99: number | null; max: number | null; changes: number };
}

/** Commit to the end of one projector stage over the freshness window (the budget's `stage` is the projector's). */
export interface StageBudget {
  stage: string;
  p50Ms: number | null;
  p99Ms: number | null;
  observations: number;
}

export interface Freshness {
  p50Ms: number | null;
  p99Ms: number | null;
  /** Upper bound of the histogram bucket holding the slowest observation (a histogram keeps no exact max). */
  maxMs: number | null;
  observations: number;
  /** The window actually covered; null when it is "since the projector started" (no older scrape yet). */
  windowMs: number | null;
  source: string;
  /** Commit to the end of each stage over the same window, in pipeline order: where the time goes. */
  budget: StageBudget[];
}

export interface Throughput {
  value: number | null;
  unit: string;
}

/** One row of the lag report: its status, why, its throughput and its figures (null when it could not be measured). */
export interface LagRowReport<F> {
  status: Health;
  reasons: string[];
  throughput: Throughput;
  figures: F | null;
  unavailable?: string;
}

/**
 * The rows of the lag report, in pipeline order: what operators read as `stages` in /ops/lag, `sluice lag` and the
 * gauges' `stage` label. Each row has its figures type in LagReport['stages'].
 */
export const LAG_ROWS = ['slot', 'connector', 'kafka', 'dirty', 'events', 'routing', 'elasticsearch', 'freshness', 'deadLetters'] as const;
export type LagRowName = (typeof LAG_ROWS)[number];

export interface LagReport {
  asOf: string;
  status: Health;
  stages: {
    slot: LagRowReport<SlotFigures>;
    connector: LagRowReport<ConnectorFigures>;
    kafka: LagRowReport<GroupLag>;
    dirty: LagRowReport<{ group: GroupLag; backlog: { projection: string; topic: string; backlog: number }[] }>;
    events: LagRowReport<GroupLag[]>;
    routing: LagRowReport<RoutingFigures>;
    elasticsearch: LagRowReport<IndexReport[]>;
    freshness: LagRowReport<Freshness>;
    deadLetters: LagRowReport<DeadLetterFigures>;
  };
}
