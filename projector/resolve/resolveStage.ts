// The resolve stage: consumes the CDC topics, parks what it cannot understand, maps every row change to the
// root ids it dirties in every projection, and produces those to `<dirtyPrefix>.<projection>` keyed by root id.
// Input offsets are resolved only after Kafka acknowledged the dirty marks and dead letters. The chunks of all
// partitions that arrive together (one fetch) are routed and produced in one round (lib/groupCommit.ts).
import { createGroupCommit } from '../../lib/groupCommit.js';
import { capturedTablesOf } from '../../model/projections/captured.js';
import { decodeRecord } from '../../model/change/decode.js';
import { isRowChange, type Decoded, type RowChange } from '../../model/change/change.js';
import { encodeDirty } from '../../model/change/dirtyMessage.js';
import type { ProjectorMetrics } from '../metrics.js';
import type { Projection } from '../../model/projections/declaration.js';
import type { Batch, BatchHandler, DeadLetter, DeadLetterSink, Producer, SummaryRefresh } from '../ports.js';
import type { IncomingMessage } from '../../model/change/message.js';
import { routeChanges, type Routing, type RunLookup } from './markDirty.js';
import { dirtyChangedRoots } from './summaryMarks.js';
import { type TopicNaming, dirtyTopic } from '../../lib/names.js';

export interface ResolveStageDeps {
  projections: readonly Projection[];
  naming: TopicNaming;
  dirtyPrefix: string;
  runLookup: RunLookup;
  producer: Producer;
  deadLetters: DeadLetterSink;
  metrics: ProjectorMetrics;
  chunkSize?: number;
  /** Off routes every update as if all its columns changed (A/B measurements); on by default. */
  columnFilter?: boolean;
  /** The incremental aggregates' summary rows, refreshed before the marks that make their documents dirty. */
  summaries?: SummaryRefresh;
}

function letterFor(decoded: Decoded, message: IncomingMessage): DeadLetter | null {
  if (decoded.kind === 'poison') return { ...decoded.coordinates, reason: decoded.reason, detail: decoded.detail, value: message.value };
  // TRUNCATE names no rows, so no dirty ids can be derived: park it and alert; `sluice verify --repair` converges.
  if (decoded.kind === 'truncate') return { ...decoded.coordinates, reason: 'truncate', detail: `TRUNCATE ${decoded.table}: run sluice verify --repair`, value: message.value };
  return null;
}

interface DecodedChunk {
  changes: RowChange[];
  letters: DeadLetter[];
  truncated: string[];
}

export function createResolveStage(deps: ResolveStageDeps): BatchHandler {
  const m = deps.metrics;
  const tables = capturedTablesOf(deps.projections);

  function observe({ decisions, fanOut }: Omit<Routing, 'marks'>): void {
    const counts = new Map<string, { labels: { projection: string; table: string; outcome: string; reason: string }; n: number }>();
    for (const d of decisions) {
      const key = `${d.projection}/${d.table}/${d.routed}/${d.reason}`;
      const entry = counts.get(key) ?? { labels: { projection: d.projection, table: d.table, outcome: d.routed ? 'routed' : 'skipped', reason: d.reason }, n: 0 };
      entry.n += 1;
      counts.set(key, entry);
    }
    for (const { labels, n } of counts.values()) m.changesRouted.inc(labels, n);
    for (const f of fanOut) m.documentsPerChange.observe({ table: f.table }, f.documents);
  }

  /** Decodes one partition's chunk: its row changes and what must be parked. */
  function decode(batch: Batch, messages: readonly IncomingMessage[]): DecodedChunk {
    const changes: RowChange[] = [];
    const letters: DeadLetter[] = [];
    const truncated: string[] = [];
    for (const message of messages) {
      const decoded = decodeRecord({ topic: batch.topic, partition: batch.partition, offset: message.offset, key: message.key, value: message.value }, deps.naming, tables);
      m.eventsConsumed.inc({ topic: batch.topic, kind: decoded.kind });
      if (isRowChange(decoded)) {
        changes.push(decoded);
        const committed = decoded.source.tsMs;
        if (decoded.kind !== 'read' && committed !== null && message.timestampMs) m.milestoneSeconds.observe({ stage: 'captured' }, Math.max(0, message.timestampMs - committed) / 1000);
      }
      if (decoded.kind === 'truncate') truncated.push(decoded.table);
      const letter = letterFor(decoded, message);
      if (letter) letters.push(letter);
    }
    return { changes, letters, truncated };
  }

  /** One round for the chunks of every partition that arrived together. */
  const rounds = createGroupCommit<DecodedChunk>(async (chunks) => {
    const changes = chunks.flatMap((c) => c.changes);
    const letters = chunks.flatMap((c) => c.letters);
    // Committed before the marks go out, so the hydration they cause reads summary rows that include the change. A
    // TRUNCATE names no rows: the fields over that table are rebuilt whole, and the roots whose aggregate that changed
    // are dirtied by the build itself (summaryMarks.ts).
    const truncated = chunks.flatMap((c) => c.truncated);
    if (truncated.length > 0) await deps.summaries?.build({ tables: truncated, force: true, changed: dirtyChangedRoots(deps.producer, deps.dirtyPrefix) });
    const refreshed = (await deps.summaries?.refresh(changes)) ?? null;
    if (refreshed && refreshed.waits > 0) m.summaryVisibilityWaits.inc(refreshed.waits);
    const { marks, ...routing } = await routeChanges(deps.projections, changes, deps.runLookup, { columnFilter: deps.columnFilter ?? true });
    // The refresh is a cause of these marks too: a document written from a snapshot that saw the change but not yet
    // the refresh must not count as covering them (hydrate/coverage.ts).
    if (refreshed) for (const mark of marks) if (refreshed.projections.includes(mark.projection) && !mark.txIds.includes(refreshed.txId)) mark.txIds.push(refreshed.txId);
    observe(routing);
    // Every projection's marks in one produce round trip (per size-bounded request), acknowledged before commit.
    const batches = deps.projections.map((projection) => ({ projection, marks: marks.filter((mark) => mark.projection === projection.name) }));
    await deps.producer.sendAll(batches.map((b) => ({ topic: dirtyTopic(deps.dirtyPrefix, b.projection.name), messages: b.marks.flatMap(encodeDirty) })));
    for (const b of batches) m.dirtyProduced.inc({ projection: b.projection.name }, b.marks.length);
    const resolvedAt = Date.now();
    for (const c of changes) if (c.kind !== 'read' && c.source.tsMs !== null) m.milestoneSeconds.observe({ stage: 'resolved' }, Math.max(0, resolvedAt - c.source.tsMs) / 1000);
    if (letters.length > 0) await deps.deadLetters.park(letters);
    for (const l of letters) m.deadLettered.inc({ stage: 'resolve', reason: l.reason });
  }, { maxItems: deps.chunkSize ?? 500, weigh: (c) => c.changes.length + c.letters.length });

  return async (batch) => {
    const size = deps.chunkSize ?? 500;
    for (let i = 0; i < batch.messages.length && batch.isRunning(); i += size) {
      const end = m.batchSeconds.startTimer({ stage: 'resolve' });
      const messages = batch.messages.slice(i, i + size);
      await rounds.submit([decode(batch, messages)]);
      batch.resolveOffset(messages.at(-1)!.offset);
      await batch.heartbeat();
      await batch.commit();
      end();
    }
  };
}
