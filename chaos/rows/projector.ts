// The projector-side rows of the fault matrix (docs/reliability.md T01 and T02 at pinned points, T08, T09, T29). The faults are
// real: the projector process started with its fault hook (SLUICE_FAULT, projector/hydrate/faultPoint.ts) kills
// itself with SIGKILL at a pinned point of a batch or stalls a batch past its consumer session; Elasticsearch is
// restarted with a write queue so small that bulks under load meet real 429s. Each fault throws when it cannot
// show it took effect (the hook's line in the log, a 429 counted, the member evicted), which fails the row.
import { waitFor } from '../../lib/waitFor.js';
import type { Nemesis } from '../nemesis.js';
import type { Row } from '../row.js';
import { T09 } from './mappingRejection.js';
import { T22, T23 } from './schemaChange.js';
import { bulkProblems, hydrateMembers, logEnd, logSince, scrapeBulk, tooMany } from './projectorEvidence.js';

const hold = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The projector restarted with SLUICE_FAULT set, after `pauseMs` stopped; resolves with the log offset its lines start at. */
async function restartProjectorWith(n: Nemesis, fault: string, pauseMs = 0): Promise<number> {
  await n.stop('projector'); // a clean stop, so that the only kill of this row is the hook's
  await hold(pauseMs);
  const from = logEnd(n.logOf('projector'));
  // The hook may fire before the launcher saw the process ready (a backlog is waiting): then `up` reports it dead.
  await n.startWith({ SLUICE_FAULT: fault }, 'projector').catch(() => undefined);
  return from;
}

/** Waits for the hook's line in the projector's log since `from`; throws naming what was expected. */
async function hookSaid(n: Nemesis, from: number, text: string, timeoutMs: number): Promise<string> {
  let line: string | undefined;
  await waitFor(() => (line = logSince(n.logOf('projector'), from).find((l) => l.includes(text))) !== undefined, {
    timeoutMs,
    intervalMs: 100,
    description: `the projector's log says "${text}"`,
  });
  return line ?? '';
}

/** T01 pinned: SIGKILL at `point` of the 3rd chunk after the start, then a normal restart after the hold. */
const killAtPoint = (id: string, point: 'after-bulk' | 'before-bulk', what: string): Row => ({
  id,
  injection: `projector SIGKILLs itself ${what} (SLUICE_FAULT=${point}:3), restarted normally after the hold`,
  injects: ['projector'],
  effect: 'restart',
  async fault(n, holdMs) {
    const from = await restartProjectorWith(n, `${point}:3`);
    await hookSaid(n, from, `SIGKILL at ${point}`, 120_000);
    await waitFor(() => !n.running('projector'), { timeoutMs: 30_000, intervalMs: 50, description: 'the projector gone after its hook fired' });
    await hold(holdMs);
    await n.start('projector');
  },
});

/** A chunk this many marks long is a large batch (a chunk holds at most 500; under the row's load a partition gets ~1/s). */
const LARGE_CHUNK = 50;

/**
 * T02 pinned: a backlog builds while the projector is stopped (40 s), it restarts with its first chunk of at least
 * LARGE_CHUNK marks stalled between the bulk and the offset commit, and the SIGTERM lands there.
 */
const T02_MID_BATCH: Row = {
  id: 'T02-mid-batch',
  injection: `projector stopped for the hold (a backlog builds), restarted with its first chunk of 50+ marks stalled after its bulk (SLUICE_FAULT=slow-batch:20000:1:50), SIGTERM during the stall, restarted normally`,
  injects: ['projector'],
  effect: 'restart',
  async fault(n, holdMs) {
    const from = await restartProjectorWith(n, `slow-batch:20000:1:${LARGE_CHUNK}`, Math.max(holdMs, 40_000));
    const line = await hookSaid(n, from, 'SLUICE_FAULT: stalling chunk 1', 60_000);
    const marks = Number(/(\d+) marks/.exec(line)?.[1] ?? 0);
    if (marks < LARGE_CHUNK) throw new Error(`the stalled chunk held ${marks} marks, not a large batch (>= ${LARGE_CHUNK}): ${line}`);
    await n.stop('projector', 'SIGTERM');
    await n.start('projector');
  },
};

const TINY_WRITE_QUEUE = 'thread_pool.write.size=1,thread_pool.write.queue_size=1';

export const PROJECTOR_ROWS: readonly Row[] = [
  T02_MID_BATCH,
  killAtPoint('T01-after-bulk', 'after-bulk', 'after Elasticsearch acknowledged a bulk, before the offset commit'),
  killAtPoint('T01-before-bulk', 'before-bulk', 'before a bulk is sent (control-like)'),
  {
    id: 'T08',
    injection: `Elasticsearch restarted with ${TINY_WRITE_QUEUE} under load (real 429s), then with its normal settings`,
    injects: ['elasticsearch'],
    effect: 'restart',
    convergeTimeoutMs: 300_000,
    async fault(n, holdMs) {
      await n.stop('elasticsearch');
      try {
        await n.startWith({ ES_SETTINGS: TINY_WRITE_QUEUE }, 'elasticsearch');
        const before = await scrapeBulk();
        let now = before;
        await waitFor(async () => tooMany((now = await scrapeBulk().catch(() => now))) > tooMany(before), {
          timeoutMs: Math.max(holdMs * 4, 60_000),
          intervalMs: 500,
          description: 'bulk items or requests answered 429 while the write queue is tiny',
        });
        await hold(holdMs);
      } finally {
        // Whatever failed above, Elasticsearch goes back to its normal settings: no later row runs on a tiny queue.
        await n.stop('elasticsearch');
        await n.start('elasticsearch');
      }
      const problems = bulkProblems(await scrapeBulk());
      if (problems) throw new Error(problems);
    },
  },
  T09,
  T22,
  T23,
  {
    id: 'T29',
    injection: 'a hydrate batch stalls 45 s between its bulk and its commit (SLUICE_FAULT=slow-batch:45000), past the 30 s session',
    injects: ['projector'],
    effect: 'restart',
    async fault(n) {
      const from = await restartProjectorWith(n, 'slow-batch:45000');
      await hookSaid(n, from, 'SLUICE_FAULT: stalling', 120_000);
      const stalled = await hydrateMembers();
      await hookSaid(n, from, 'SLUICE_FAULT: stall of chunk', 60_000);
      // Evicted while stalled: the group goes on with a member it did not have before, in the same process.
      await waitFor(async () => {
        const g = await hydrateMembers();
        return g.state === 'Stable' && g.members.length > 0 && g.members.every((m) => !stalled.members.includes(m));
      }, { timeoutMs: 90_000, intervalMs: 500, description: `the hydrate group rejoined with new members (stalled: ${stalled.members.join(', ')})` });
      if (!n.running('projector')) throw new Error('the projector died after its stall');
    },
  },
];
