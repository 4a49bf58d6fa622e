// The convergence oracle, after a fault has healed. It trusts no single account: the ledger (what the API
// acknowledged, plus the unanswered commands resolved through their Idempotency-Keys) is checked against Postgres
// (each transaction committed; the workload's model of each aggregate equal to the row); Elasticsearch is checked
// against the model (every touched document, seeded customers and products included, at the model's version and
// content, never a version moving backwards) and against Postgres over whole aliases (missing, extra, stale). It
// also requires the projector to drain its lag, the connector to run and no dead letter to be added, and samples
// the backlog while the fault runs. A check that cannot be made (a store that does not answer) is an error of its
// own, never counted as a pass or as a loss.
import { waitFor } from '../lib/waitFor.js';
import { esReplicas } from '../lib/replication.js';
import { createEsClient } from '../model/adapters/elasticsearch/client.js';
import { lifecycleSettingsFrom, loadProjectorConfig } from '../projector/operations.js';
import { createAdminPool } from '../testkit/pg.js';
import { createPipelineProbe } from '../testkit/pipelineProbe.js';
import { checkEsAgainstModel, createVersionWatch, type EsModelFindings } from './esModel.js';
import { checkLedger, resolveUnanswered } from './ledger.js';
import { connectorRuns, dlqEnd, within } from './pipelineChecks.js';
import { foldModel } from './model.js';
import { createStoreVerifier, type StoreDiff, type StoreVerifier } from './verifyAll.js';
import { INITIAL_STOCK, type Acknowledged, type Catalogue, type Unanswered } from './workload.js';

export interface Findings extends StoreDiff, EsModelFindings {
  resolvedCommitted: number;
  resolvedAbsent: number;
  uncommitted: string[];
  /** The model against Postgres. */
  ledgerMismatches: string[];
  backwards: string[];
  /** From the heal until Elasticsearch showed the whole model; null if it never did within the limit. */
  convergedMs: number | null;
  lagDrained: boolean;
  connectorRunning: boolean;
  deadLettersAdded: number;
  /** Checks that could not be made. */
  errors: string[];
}

export interface Judged {
  ledger: readonly Acknowledged[];
  unanswered: readonly Unanswered[];
  catalogue: Catalogue;
  healedAt: number;
  timeoutMs: number;
}

export interface Oracle {
  /** Waits until the projector has consumed everything there is, then takes the dead-letter baseline. */
  baseline(timeoutMs: number): Promise<void>;
  /** Starts sampling the backlog and the documents' versions; call before injecting. */
  watch(ledger: readonly Acknowledged[]): void;
  /** The fault is over: what the sampler saw while it lasted. */
  faultEnded(): { largestLag: number; probeFailures: number };
  largestLag(): number;
  /** Waits until Elasticsearch shows the acknowledged model and the lag is 0 (a control plants its damage after). */
  settle(j: Judged): Promise<void>;
  judge(j: Judged): Promise<Findings>;
  close(): Promise<void>;
}

const settings = () => lifecycleSettingsFrom(loadProjectorConfig(process.env), process.env);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function createOracle(verifier: StoreVerifier = createStoreVerifier()): Promise<Oracle> {
  const s = settings();
  const es = createEsClient(s.es);
  const pool = createAdminPool();
  const probe = await createPipelineProbe(s);
  const versions = createVersionWatch({ dirtyReads: esReplicas() > 0 });
  let dlqBefore = await dlqEnd(s.dlqTopic);
  let largest = 0;
  let duringFault = { largestLag: 0, probeFailures: 0 };
  let inFault = false;
  let sampling = false;
  let sampler: Promise<void> | undefined;
  const drained = async () => {
    const lag = await probe.lag();
    return lag.resolve + lag.hydrate === 0;
  };
  const sampleVersions = async (ledger: readonly Acknowledged[]) => {
    const ids = [
      ...new Set(
        ledger
          .slice(-300)
          .filter((a) => a.aggregate === 'orders')
          .map((a) => a.id),
      ),
    ];
    if (ids.length === 0) return;
    const issuedAt = versions.tick();
    const { docs } = await es.mget<{ version?: number }>({
      index: `${s.indexPrefix}orders`,
      ids,
      _source_includes: ['version'],
    });
    const answeredAt = versions.tick();
    for (const d of docs)
      if ('found' in d && d.found && d._source?.version !== undefined)
        versions.see(`orders/${d._id}`, d._source.version, issuedAt, answeredAt);
  };
  const modelOf = async (j: Judged) => {
    const resolved = await resolveUnanswered(pool, j.unanswered);
    const ledger = [...j.ledger, ...resolved.committed];
    return { resolved, ledger, model: foldModel(ledger, j.catalogue, INITIAL_STOCK) };
  };
  return {
    async baseline(timeoutMs) {
      await waitFor(drained, {
        timeoutMs,
        intervalMs: 250,
        description: 'the projector caught up before the row',
      });
      dlqBefore = await dlqEnd(s.dlqTopic);
    },
    watch(ledger) {
      sampling = true;
      inFault = true;
      sampler = (async () => {
        while (sampling) {
          const lag = await probe.lag().catch(() => undefined);
          if (lag) largest = Math.max(largest, lag.resolve + lag.hydrate);
          if (inFault)
            duringFault = {
              largestLag: Math.max(duringFault.largestLag, lag ? lag.resolve + lag.hydrate : 0),
              probeFailures: duringFault.probeFailures + (lag ? 0 : 1),
            };
          await sampleVersions(ledger).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      })();
    },
    faultEnded() {
      inFault = false;
      return duringFault;
    },
    largestLag: () => largest,
    async settle(j) {
      const { model } = await modelOf(j);
      await waitFor(
        async () =>
          (
            await checkEsAgainstModel(es, s.indexPrefix, model, versions).catch(() => ({
              behind: ['?'],
              wrong: [],
            }))
          ).behind.length === 0 && (await drained()),
        {
          timeoutMs: j.timeoutMs,
          intervalMs: 250,
          description: 'Elasticsearch shows the acknowledged model before the control plants its damage',
        },
      );
    },
    async judge(j) {
      const errors: string[] = [];
      const { resolved, ledger, model } = await modelOf(j);
      const pgFindings = await checkLedger(pool, ledger, model).catch(
        (e: unknown) => (errors.push(`Postgres: ${message(e)}`), { uncommitted: [], mismatches: [] }),
      );
      let es_: EsModelFindings = { behind: [], wrong: [] };
      let lastError: unknown;
      let convergedMs: number | null = null;
      const shown = async () => {
        try {
          es_ = await checkEsAgainstModel(es, s.indexPrefix, model, versions);
          lastError = undefined;
        } catch (e) {
          lastError = e; // Elasticsearch may still be on its way back; only the last reading counts
        }
        return lastError === undefined && es_.behind.length === 0 && es_.wrong.length === 0;
      };
      if (await within(shown, j.timeoutMs, 'Elasticsearch shows the model'))
        convergedMs = Date.now() - j.healedAt;
      if (lastError !== undefined) errors.push(`Elasticsearch: ${message(lastError)}`);
      const lagDrained = await within(drained, Math.min(j.timeoutMs, 60_000), 'projector lag 0');
      sampling = false;
      await sampler;
      const connectorRunning = await connectorRuns(process.env, 30_000);
      const diff = await verifier
        .verifyAll()
        .catch((e: unknown) => (errors.push(`verify: ${message(e)}`), { missing: [], extra: [], stale: [] }));
      const deadLettersAdded = await dlqEnd(s.dlqTopic).then(
        (end) => end - dlqBefore,
        (e: unknown) => (errors.push(`Kafka: ${message(e)}`), 0),
      );
      return {
        ...diff,
        ...es_,
        resolvedCommitted: resolved.committed.length,
        resolvedAbsent: resolved.absent,
        uncommitted: pgFindings.uncommitted,
        ledgerMismatches: pgFindings.mismatches,
        backwards: versions.backwards(),
        convergedMs,
        lagDrained,
        connectorRunning,
        deadLettersAdded,
        errors,
      };
    },
    async close() {
      sampling = false;
      await sampler;
      await probe.close();
      await es.close();
      await pool.end();
    },
  };
}
