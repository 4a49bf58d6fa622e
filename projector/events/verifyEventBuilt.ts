// Verifies an event-built read model by folding its event topics independently: a throwaway consumer group reads
// them from the first offset through the declaration's own fold into the expected documents, which are compared
// with the documents behind the alias: missing, extra and stale, as `sluice verify` reports a table-built one.
// The live stage keeps writing meanwhile, so a difference is checked again after folding up to the newer high
// watermarks (twice at most) before it is reported: a document merely ahead of the first read is not stale.
// Memory: one expected document per id of the read model (the fold keeps nothing else), i.e. about the size of
// the index's sources; a read model too large for that would verify partition by partition (not built).
import { readAlias } from '../../lib/names.js';
import { createEventDocStore } from '../../model/adapters/elasticsearch/eventDocStore.js';
import type { EventProjection } from '../../model/projections/eventDeclaration.js';
import { sourceTopics } from '../../model/registry.js';
import { scanDocuments } from '../adapters/elasticsearch/scan.js';
import type { BatchHandler } from '../ports.js';
import { diffPaths } from '../verify/diff.js';
import type { VerifyReport } from '../verify/verifyProjection.js';
import { startCatchUp } from './catchUp.js';
import type { EventRebuild } from './rebuildEventBuilt.js';

/** Folds the same topics as a rebuild, into memory instead of an index. */
export interface EventVerify extends Pick<EventRebuild, 'projection' | 'es' | 'kafka' | 'topicPrefix' | 'groupPrefix' | 'indexPrefix'> {
  /** How often a difference is checked again after folding further (default 2). */
  rechecks?: number;
  timeoutMs?: number;
}

export interface EventVerifyReport extends VerifyReport {
  /** Events the fold could not decode (the live stage dead-letters them, so they are in neither side). */
  malformed: number;
}

type Doc = { id: string };
const CHUNK = 500;

/** Folds every batch into `expected`, one fold per id per batch (the fold is idempotent, so redelivery is harmless). */
function folding(projection: EventProjection, expected: Map<string, Doc>, onMalformed: () => void): BatchHandler {
  return async (batch) => {
    const byId = new Map<string, unknown[]>();
    for (const m of batch.messages) {
      const d = projection.decode(batch.partition, m);
      if (d.ok) byId.set(d.id, [...(byId.get(d.id) ?? []), d.event]);
      else onMalformed();
    }
    for (const [id, events] of byId) {
      const next = projection.fold(id, expected.get(id), events);
      if (next) expected.set(id, next);
    }
    const last = batch.messages.at(-1);
    if (!last || !batch.isRunning()) return;
    batch.resolveOffset(last.offset);
    await batch.commit();
  };
}

/** The differences among `ids` (all of them when undefined): missing, extra or stale documents. */
async function compare(v: EventVerify, alias: string, expected: Map<string, Doc>, ids?: ReadonlySet<string>) {
  const store = createEventDocStore<Doc>(v.es);
  const found = { missing: [] as string[], extra: [] as string[], stale: [] as Array<{ id: string; paths: string[] }>, checked: 0 };
  const wanted = [...(ids ?? expected.keys())].filter((id) => expected.has(id));
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const chunk = wanted.slice(i, i + CHUNK);
    const stored = await store.load(alias, chunk);
    for (const id of chunk) {
      found.checked += 1;
      const actual = stored.get(id);
      if (!actual) found.missing.push(id);
      else {
        const paths = diffPaths(expected.get(id), actual.doc);
        if (paths.length > 0) found.stale.push({ id, paths });
      }
    }
  }
  if (ids) {
    // Still there, still without an event behind it.
    const unexpected = [...ids].filter((id) => !expected.has(id));
    const there = unexpected.length > 0 ? await store.load(alias, unexpected) : new Map();
    found.extra.push(...unexpected.filter((id) => there.has(id)));
    return found;
  }
  await v.es.indices.refresh({ index: alias });
  for await (const { id } of scanDocuments(v.es, alias)) if (!expected.has(id)) found.extra.push(id);
  return found;
}

export async function verifyEventBuilt(v: EventVerify): Promise<EventVerifyReport> {
  const alias = readAlias(v.projection.name, v.indexPrefix);
  const expected = new Map<string, Doc>();
  let malformed = 0;
  const run = await startCatchUp(v.kafka, `${v.groupPrefix}-${v.projection.group}-verify`, sourceTopics(v.projection, v.topicPrefix), folding(v.projection, expected, () => void (malformed += 1)), v.timeoutMs);
  try {
    await run.untilNow(`the ${v.projection.name} verify folded its topics`);
    let found = await compare(v, alias, expected);
    const checked = found.checked + found.extra.length;
    for (let round = 0; round < (v.rechecks ?? 2); round++) {
      const differing = new Set([...found.missing, ...found.extra, ...found.stale.map((s) => s.id)]);
      if (differing.size === 0) break;
      await run.untilNow(`the ${v.projection.name} verify folded the newer events`);
      found = await compare(v, alias, expected, differing);
    }
    return { projection: v.projection.name, checked, missing: found.missing, extra: found.extra, stale: found.stale, counts: { missing: found.missing.length, extra: found.extra.length, stale: found.stale.length }, repaired: 0, malformed };
  } finally {
    await run.stop();
  }
}
