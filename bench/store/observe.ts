// What the store benchmark watches while commands run: the projector's backlog (sampled), which documents each
// command re-rendered (from the dirty marks, by source transaction), and when each placed order became searchable.
import type { EsClient } from '../../model/adapters/elasticsearch/client.js';
import { waitFor } from '../../lib/waitFor.js';
import type { Mark, PipelineProbe } from '../../testkit/pipelineProbe.js';

/** Samples the backlog every `intervalMs` until stopped; returns the largest seen (records). */
export function sampleLag(probe: PipelineProbe, intervalMs = 250) {
  let max = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const lag = await probe.lag().catch(() => ({ resolve: 0, hydrate: 0 }));
      max = Math.max(max, lag.resolve + lag.hydrate);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return async () => ((running = false), await loop, max);
}

/** Waits until both stages have consumed everything; the time it took, or null past `timeoutMs`. */
export async function drain(probe: PipelineProbe, timeoutMs: number): Promise<number | null> {
  const t0 = performance.now();
  try {
    await waitFor(async () => {
      const lag = await probe.lag();
      return lag.resolve + lag.hydrate === 0;
    }, { timeoutMs, intervalMs: 100, description: 'projector backlog drained' });
    return performance.now() - t0;
  } catch {
    return null;
  }
}

/** Documents dirtied per source transaction since `mark`: `projection/id` keys by 32-bit xid. */
export async function documentsByTx(probe: PipelineProbe, mark: Mark): Promise<Map<number, Set<string>>> {
  const byTx = new Map<number, Set<string>>();
  await probe.readDirty(mark, (projection, id, txIds) => {
    for (const tx of txIds) byTx.set(tx, (byTx.get(tx) ?? new Set<string>()).add(`${projection}/${id}`));
  });
  return byTx;
}

/** Polls the alias for ids added with `watch`; latency = first hit - the time given (the command's answer). */
export function watchSearchable(es: EsClient, alias: string) {
  const waiting = new Map<string, number>();
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running || waiting.size > 0) {
      const ids = [...waiting.keys()].slice(0, 1_000);
      if (ids.length > 0) {
        const hits = (await es.search({ index: alias, size: ids.length, _source: false, query: { ids: { values: ids } } }).catch(() => ({ hits: { hits: [] } }))).hits.hits;
        const now = performance.now();
        for (const hit of hits) {
          latencies.push(now - waiting.get(hit._id!)!);
          waiting.delete(hit._id!);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    watch: (id: string, at: number) => void waiting.set(id, at),
    /** Stops once everything watched was seen or `graceMs` passed; returns latencies and what was never seen. */
    async stop(graceMs: number) {
      const deadline = performance.now() + graceMs;
      await waitFor(() => waiting.size === 0 || performance.now() > deadline, { timeoutMs: graceMs + 1_000, intervalMs: 50 }).catch(() => undefined);
      running = false;
      const unseen = waiting.size;
      waiting.clear();
      await loop;
      return { latencies, unseen };
    },
  };
}
