// The core of verify, free of drivers: two streams sorted by id, the documents Postgres says should exist (in
// pages) and the documents the index holds, merged in one pass. An id on the left only is missing, on the right
// only extra (a stray document), on both with different content stale. Memory: one page of each side.
import type { Doc } from '../../model/bulk/bulkPlan.js';
import { diffPaths } from './diff.js';
import type { Tally } from './report.js';

/** Roots in id order, with the documents of those that exist; a listed id without a document is absent. */
export interface ExpectedPage {
  ids: readonly string[];
  docs: ReadonlyMap<string, Doc>;
}

export interface IndexedDoc {
  id: string;
  doc: Doc;
}

// Ids sort the same on both sides: Elasticsearch sorts the keyword `id` by its bytes, Postgres by COLLATE "C";
// JavaScript compares UTF-16 code units, the same order for the ASCII ids (uuids, numbers) roots have.
export const before = (a: string, b: string): boolean => a < b;
export const byId = (a: string, b: string): number => (before(a, b) ? -1 : before(b, a) ? 1 : 0);

/** One root: what should be against what is held. */
export function judge(tally: Tally, id: string, expected: Doc | undefined, held: Doc | undefined): void {
  tally.checked();
  if (!expected) {
    if (held) tally.extra(id);
  } else if (!held) tally.missing(id);
  else {
    const paths = diffPaths(expected, held);
    if (paths.length > 0) tally.stale(id, paths);
  }
}

/**
 * Merges the expected pages with the indexed documents. `rest`: every indexed document past the last expected id
 * is extra (a whole-alias verify); without it only the listed ids are judged (an ids verify).
 */
export async function mergeSorted(expected: AsyncIterable<ExpectedPage>, indexed: AsyncIterator<IndexedDoc>, tally: Tally, opts: { rest: boolean; onPage?: () => void }): Promise<void> {
  let next = await indexed.next();
  for await (const page of expected) {
    for (const id of page.ids) {
      while (!next.done && before(next.value.id, id)) {
        if (opts.rest) tally.extra(next.value.id);
        next = await indexed.next();
      }
      let held: Doc | undefined;
      if (!next.done && next.value.id === id) {
        held = next.value.doc;
        next = await indexed.next();
      }
      judge(tally, id, page.docs.get(id), held);
    }
    opts.onPage?.();
  }
  for (; opts.rest && !next.done; next = await indexed.next()) tally.extra(next.value.id);
}
