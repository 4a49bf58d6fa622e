// The vocabulary of the operations service: what the adapters measure (a Sample) and what operators read
// (a LagReport). Pure types only, so the threshold and percentile code can be tested without any driver.

export type Health = 'ok' | 'degraded' | 'failing';

/** A probe either measured something or says plainly why it could not: never an exception upwards. */
export type Probe<T> = { state: 'ok'; value: T } | { state: 'unavailable'; reason: string };

export interface SlotFigures {
  slotName: string;
  exists: boolean;
  active: boolean | null;
  walStatus: string | null;
  /** pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn): WAL Debezium has not confirmed yet. */
  lagBytes: number | null;
  /** pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn): WAL the server must keep for this slot. */
  retainedWalBytes: number | null;
  /** Bytes left before the slot loses WAL under max_slot_wal_keep_size; null when unlimited. */
  safeWalSizeBytes: number | null;
  /** Walsender flush lag in time, when a consumer is attached. */
  flushLagMs: number | null;
  currentLsn: string;
  /** The current LSN as a byte position, to turn WAL growth into bytes per second. */
  walPositionBytes: number;
  confirmedFlushLsn: string | null;
}

export interface ConnectorFigures {
  name: string;
  found: boolean;
  state: string;
  tasks: { id: number; state: string; trace?: string }[];
  /** What the ops service did about a stuck connector (absent when it does not supervise it). */
  recovery?: ConnectorRecovery;
}

export interface ConnectorRecovery {
  /** Restarts done by the ops service since it started. */
  restarts: number;
  lastRestartAt?: string;
  lastReason?: string;
  /** Why the last restart request failed (Connect unreachable, refused). */
  lastError?: string;
  /** How long the connector has been stuck, while it is. */
  stuckForMs?: number;
  /** When the next restart comes, while it is stuck. */
  nextAttemptInMs?: number;
}

export interface PartitionLag {
  partition: number;
  /** Null when the group has never committed on this partition. */
  committed: number | null;
  end: number;
  lag: number;
}

export interface TopicLag {
  topic: string;
  exists: boolean;
  lag: number;
  end: number;
  partitions: PartitionLag[];
}

export interface GroupLag {
  groupId: string;
  /** Kafka's group state (Stable, Empty, Dead, ...); Dead means the group has no members and no offsets. */
  state: string;
  members: number;
  lag: number;
  /** Sum of committed offsets and of end offsets: their growth is the stage's throughput. */
  committed: number;
  end: number;
  everCommitted: boolean;
  topics: TopicLag[];
}

export interface DeadLetterFigures {
  topic: string;
  exists: boolean;
  count: number;
}

export interface KafkaFigures {
  resolve: GroupLag;
  hydrate: GroupLag;
  /** The live group of each event-built read model (model/registry.ts eventProjections), over its event topics. */
  events: GroupLag[];
  deadLetters: DeadLetterFigures;
}

export interface IndexFigures {
  projection: string;
  alias: string;
  /** The concrete `<name>_v<N>` behind the alias, null when the alias does not exist. */
  index: string | null;
  docs: number;
  storeBytes: number;
  /** Elasticsearch's indexing.index_total: its growth is documents written per second. */
  indexedTotal: number;
  /** `asOf` of the projector's progress document: every commit before it is searchable here (null: none yet). */
  searchableAsOf: string | null;
}

/**
 * A projection the projector reports frozen (its live mapping differs from the declaration, so it is not written).
 * `index` and `difference` are null when the projector exports only the gauge, not the details.
 */
export interface FrozenProjection {
  projection: string;
  index: string | null;
  difference: string | null;
  /** The version the projector's declaration states (names the command: frozen.ts); null or absent when not exported. */
  declared?: number | null;
}

/** Why an index is frozen and the command that unfreezes it. */
export interface Freeze {
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
  freeze: Freeze | null;
}

/** A cumulative Prometheus histogram: upper bounds in seconds (Infinity last) with cumulative counts. */
export interface Histogram {
  buckets: { le: number; count: number }[];
  count: number;
  sum: number;
}

/** How the projector routes row changes, from its own metrics (cumulative since it started). */
export interface RoutingScrape {
  /** Per table the projections read: its replica identity and whether updates carry a before image. */
  tables: { table: string; identity: string; beforeImages: boolean }[];
  /** Decisions per table (one per projection and path through it): routed, or skipped as unread-columns-only. */
  decisions: { table: string; routed: number; skipped: number }[];
  /** Documents one source change dirtied, all projections together. */
  documentsPerChange: Histogram;
}

export interface RoutingFigures {
  tables: Array<RoutingScrape['tables'][number] & { fix: string | null }>;
  decisions: RoutingScrape['decisions'];
  routed: number;
  skipped: number;
  /** Documents per source change over the freshness window (since projector start when no older scrape exists). */
  amplification: { p50: number | null; p99: number | null; max: number | null; changes: number };
}

export interface Sample {
  at: number;
  slot: Probe<SlotFigures>;
  connector: Probe<ConnectorFigures>;
  kafka: Probe<KafkaFigures>;
  indexes: Probe<IndexFigures[]>;
  commitToIndexed: Probe<Histogram>;
  routing: Probe<RoutingScrape>;
  stages: Probe<StageHistograms>;
  /** Projections the projector reports frozen (its sluice_projector_projection_frozen gauge at 1). */
  frozen: Probe<FrozenProjection[]>;
}

/** Seconds from the source commit to the end of each pipeline stage, as histograms (projector metrics). */
export type StageHistograms = ReadonlyArray<{ stage: string; histogram: Histogram }>;

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

export interface StageReport<F> {
  status: Health;
  reasons: string[];
  throughput: Throughput;
  figures: F | null;
  unavailable?: string;
}

export const STAGES = ['slot', 'connector', 'kafka', 'dirty', 'events', 'routing', 'elasticsearch', 'freshness', 'deadLetters'] as const;
export type StageName = (typeof STAGES)[number];

export interface LagReport {
  asOf: string;
  status: Health;
  stages: {
    slot: StageReport<SlotFigures>;
    connector: StageReport<ConnectorFigures>;
    kafka: StageReport<GroupLag>;
    dirty: StageReport<{ group: GroupLag; backlog: { projection: string; topic: string; backlog: number }[] }>;
    events: StageReport<GroupLag[]>;
    routing: StageReport<RoutingFigures>;
    elasticsearch: StageReport<IndexReport[]>;
    freshness: StageReport<Freshness>;
    deadLetters: StageReport<DeadLetterFigures>;
  };
}
