// The convergence oracle, after a fault has healed: every acknowledged command shows in Elasticsearch (the
// document of the aggregate it changed carries at least the version the command produced), the projector has
// consumed everything (resolve and hydrate lag 0), the connector runs, every document the workload touched equals
// the one built afresh from Postgres (verify: missing, extra, stale), and no dead letter was added. It also samples
// the projector's backlog while the fault runs: the largest lag.
import { readAlias } from '../lib/names.js';
import { waitFor } from '../lib/waitFor.js';
import { createEsClient, type EsClient } from '../model/adapters/elasticsearch/client.js';
import { createLifecycleContext, lifecycleSettingsFrom, loadProjectorConfig, verifyProjection } from '../projector/operations.js';
import { projectionByName } from '../model/registry.js';
import { createPipelineProbe, type PipelineProbe } from '../testkit/pipelineProbe.js';
import { testKafka } from '../testkit/kafka.js';
import type { Acknowledged, Aggregate } from './workload.js';

export interface Convergence {
  /** Acknowledged commands whose effect never showed in Elasticsearch. */
  lost: number;
  /** From the heal until every acknowledged command showed; null if it never did within the limit. */
  convergedMs: number | null;
  missing: number;
  extra: number;
  stale: number;
  deadLettersAdded: number;
  examples: string[];
}

// The oracle checks and repairs like `sluice verify`: as the rebuild user.
const settings = () => lifecycleSettingsFrom(loadProjectorConfig(process.env), process.env);

/** The largest versions acknowledged per aggregate and id. */
function expectedVersions(ledger: readonly Acknowledged[]): Map<Aggregate, Map<string, number>> {
  const out = new Map<Aggregate, Map<string, number>>();
  for (const a of ledger) {
    const byId = out.get(a.aggregate) ?? new Map<string, number>();
    byId.set(a.id, Math.max(byId.get(a.id) ?? 0, a.version));
    out.set(a.aggregate, byId);
  }
  return out;
}

/** Acknowledged effects not (yet) visible: the document is absent or older than the acknowledged version. */
async function notShown(es: EsClient, prefix: string, expected: Map<Aggregate, Map<string, number>>): Promise<string[]> {
  const behind: string[] = [];
  for (const [aggregate, byId] of expected) {
    const ids = [...byId.keys()];
    for (let i = 0; i < ids.length; i += 1000) {
      const { docs } = await es.mget<{ version?: number }>({ index: readAlias(aggregate, prefix), ids: ids.slice(i, i + 1000), _source_includes: ['version'] });
      for (const d of docs) {
        const want = byId.get(d._id) ?? 0;
        const have = 'found' in d && d.found ? (d._source?.version ?? 0) : 0;
        if (have < want) behind.push(`${aggregate}/${d._id} at version ${have}, acknowledged ${want}`);
      }
    }
  }
  return behind;
}

async function dlqEnd(topic: string): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

export interface Oracle {
  /**
   * Waits until the projector has consumed everything there is (a freshly started one may still be replaying
   * history, dead letters included), then takes the dead-letter baseline the row is judged against.
   */
  baseline(timeoutMs: number): Promise<void>;
  /** Starts sampling the backlog; call before injecting. */
  watch(): void;
  largestLag(): number;
  converge(ledger: readonly Acknowledged[], healedAt: number, timeoutMs: number): Promise<Convergence>;
  close(): Promise<void>;
}

export async function createOracle(): Promise<Oracle> {
  const s = settings();
  const es = createEsClient(s.es);
  const probe: PipelineProbe = await createPipelineProbe(s);
  let dlqBefore = await dlqEnd(s.dlqTopic);
  let largest = 0;
  let sampling = false;
  let sampler: Promise<void> | undefined;
  return {
    async baseline(timeoutMs) {
      await waitFor(async () => {
        const lag = await probe.lag();
        return lag.resolve + lag.hydrate === 0;
      }, { timeoutMs, intervalMs: 250, description: 'the projector caught up before the row' });
      dlqBefore = await dlqEnd(s.dlqTopic);
    },
    watch() {
      sampling = true;
      sampler = (async () => {
        while (sampling) {
          const lag = await probe.lag().catch(() => undefined);
          if (lag) largest = Math.max(largest, lag.resolve + lag.hydrate);
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      })();
    },
    largestLag: () => largest,
    async converge(ledger, healedAt, timeoutMs) {
      const expected = expectedVersions(ledger);
      let behind: string[] = [];
      let convergedMs: number | null = null;
      try {
        await waitFor(async () => (behind = await notShown(es, s.indexPrefix, expected).catch(() => ['Elasticsearch unreachable'])).length === 0, {
          timeoutMs,
          intervalMs: 250,
          description: 'every acknowledged command visible',
        });
        convergedMs = Date.now() - healedAt;
        await waitFor(async () => {
          const lag = await probe.lag();
          return lag.resolve + lag.hydrate === 0;
        }, { timeoutMs, intervalMs: 250, description: 'projector lag 0' });
      } catch {
        // reported below as lost (not shown) and by verify
      }
      sampling = false;
      await sampler;
      const ctx = createLifecycleContext(s, () => undefined);
      let missing = 0;
      let extra = 0;
      let stale = 0;
      const examples = behind.slice(0, 5);
      try {
        for (const [aggregate, byId] of expected) {
          const report = await verifyProjection({ projection: projectionByName(aggregate), pg: ctx.pg, es: ctx.es, indexPrefix: s.indexPrefix, ids: [...byId.keys()] });
          missing += report.missing.length;
          extra += report.extra.length;
          stale += report.stale.length;
          examples.push(...report.missing.slice(0, 2).map((id) => `missing ${aggregate}/${id}`), ...report.stale.slice(0, 2).map((x) => `stale ${aggregate}/${x.id}: ${x.paths.join(', ')}`));
        }
      } finally {
        await ctx.close();
      }
      return { lost: behind.length, convergedMs, missing, extra, stale, deadLettersAdded: (await dlqEnd(s.dlqTopic)) - dlqBefore, examples };
    },
    async close() {
      sampling = false;
      await sampler;
      await probe.close();
      await es.close();
    },
  };
}
