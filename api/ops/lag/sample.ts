// What one collection measured (a Sample): the figures each probe brings back from Postgres, Kafka Connect, Kafka,
// Elasticsearch and the projector's metrics. Pure types, so the report and threshold code is tested without a driver.
import type { Probe } from '../probe.js';

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
  /** Sum of committed offsets and of end offsets: their growth is the row's throughput. */
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
 * A projection the projector reports frozen (its live mapping differs from the declaration, so it is not written):
 * model/frozen.ts's Freeze as scraped from the projector's gauges, where `index` and `difference` are null when the
 * projector exports only the gauge, not the details.
 */
export interface FrozenProjection {
  projection: string;
  index: string | null;
  difference: string | null;
  /** The version the projector's declaration states (names the command: model/frozen.ts); null or absent when not exported. */
  declared?: number | null;
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

export interface Sample {
  at: number;
  slot: Probe<SlotFigures>;
  connector: Probe<ConnectorFigures>;
  kafka: Probe<KafkaFigures>;
  indexes: Probe<IndexFigures[]>;
  commitToIndexed: Probe<Histogram>;
  routing: Probe<RoutingScrape>;
  /** Seconds from the source commit to the end of each projector stage (sluice_projector_stage_seconds). */
  stageSeconds: Probe<StageHistograms>;
  /** Projections the projector reports frozen (its sluice_projector_projection_frozen gauge at 1). */
  frozen: Probe<FrozenProjection[]>;
}

/** Seconds from the source commit to the end of each projector stage, as histograms (projector metrics). */
export type StageHistograms = ReadonlyArray<{ stage: string; histogram: Histogram }>;

