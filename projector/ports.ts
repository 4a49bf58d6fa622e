// The projector's ports: what the stages need from Postgres, Elasticsearch and Kafka, in our own terms. Adapters
// under adapters/ implement them; kafkajs and @elastic/elasticsearch never leak past this line.
import type { BulkOp } from '../model/bulk/bulkPlan.js';
import type { BulkItemResult } from '../model/bulk/settle.js';
import type { IncomingMessage } from '../model/change/message.js';
import type { RowChange } from '../model/change/change.js';

export interface SqlSession {
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  release(error?: Error): void;
}

export interface SqlPool {
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  session(): Promise<SqlSession>;
  end(): Promise<void>;
}

export interface DocumentStore {
  /** Sends one bulk request; throws a retriable ServiceError when the request as a whole failed. */
  bulk(index: string, ops: readonly BulkOp[]): Promise<BulkItemResult[]>;
}

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  reason: string;
  detail: string;
  projection?: string;
  id?: string;
  /** The original value, so an operator can re-inject it. */
  value?: string | null;
}

export interface DeadLetterSink {
  park(letters: readonly DeadLetter[]): Promise<void>;
}

export interface OutgoingMessage {
  key: string;
  value: string;
}

export interface Producer {
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /** Several topics in as few requests as the size limit allows; per topic, messages keep their order. */
  sendAll(batches: ReadonlyArray<{ topic: string; messages: readonly OutgoingMessage[] }>): Promise<void>;
}

/** One partition's slice of messages, with the controls at-least-once processing needs. */
export interface Batch {
  topic: string;
  partition: number;
  messages: readonly IncomingMessage[];
  /** Marks everything up to and including this offset as done; committed after the handler settles it. */
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  commit(): Promise<void>;
  isRunning(): boolean;
}

export type BatchHandler = (batch: Batch) => Promise<void>;

export interface SummaryRefreshed {
  txId: number;
  projections: readonly string[];
  /** How many visibility checks found a causing transaction not yet visible before the refresh could read. */
  waits: number;
}

/**
 * Told, inside a summary build's transaction, the roots of one projection whose aggregate it changed and the build's
 * transaction id (32 bits): it dirties them, so their documents are hydrated from a snapshot that sees the build.
 */
export type SummaryChanged = (changed: { projection: string; roots: readonly string[]; txId: number }) => Promise<void>;

/** The incremental aggregates' summary rows as the resolve stage keeps them (adapters/postgres/summaries.ts). */
export interface SummaryRefresh {
  /**
   * Refreshes what a batch of changes touches, committed before it returns: the refresh's own transaction id (32 bits,
   * as change events carry them) and the projections whose summary rows it wrote, or null when nothing was touched.
   * It reads the source rows only once every causing transaction is visible (a commit reaches Kafka before that).
   */
  refresh(changes: readonly RowChange[]): Promise<SummaryRefreshed | null>;
  /** Rebuilds whole the fields that read one of `tables` (after a TRUNCATE, which names no rows). */
  build(opts: { tables: readonly string[]; force: true; changed?: SummaryChanged }): Promise<string[]>;
}
