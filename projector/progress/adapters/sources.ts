// ProgressSources over the real systems: the projector's read-only Postgres pool, the Kafka Connect REST API
// (GET /connectors/<name>/offsets, Kafka >= 3.6), the kafkajs admin client, and Elasticsearch.
import { ServiceError } from '../../../lib/errors.js';
import { lsnToBigInt } from '../../../lib/position.js';
import { parseSnapshot } from '../../../lib/visibility.js';
import { esReplicas } from '../../../lib/replication.js';
import type { EsClient } from '../../../model/adapters/elasticsearch/client.js';
import type { KafkaClient } from '../../../model/adapters/kafka/client.js';
import type { SqlPool } from '../../ports.js';
import type { Offsets, ProgressSources } from '../ports.js';
import { PROGRESS_MAPPING } from '../../../model/progress/progressDoc.js';
import type { ConnectRest } from '../../../connectors/rest.js';
import type { ConnectorOffsets } from './connectorOffsets.js';

export interface SourcesDeps {
  pool: SqlPool;
  kafka: KafkaClient;
  es: EsClient;
  /** Kafka Connect's REST API and its credentials (connectors/rest.ts). */
  connect: ConnectRest;
  connector: string;
  /** The connectors' commits as Connect writes them (connectorOffsets.ts); REST answers until it has read one. */
  offsets?: Pick<ConnectorOffsets, 'lsnCommit'>;
  progressIndex: string;
  fetch?: typeof fetch;
}

// One statement, so F and L are taken together; L is read after the snapshot, which only makes it larger.
const SNAPSHOT_AND_LSN_SQL = 'SELECT pg_current_snapshot()::text AS snapshot, pg_current_wal_insert_lsn()::text AS lsn';

interface ConnectOffsets {
  offsets?: { offset?: { lsn_commit?: unknown } }[];
}

const put = (offsets: Offsets, topic: string, partition: number, offset: bigint) => {
  const partitions = offsets.get(topic) ?? new Map<number, bigint>();
  partitions.set(partition, offset);
  offsets.set(topic, partitions);
};

async function readLsnCommit(fetchFn: typeof fetch, connect: ConnectRest, path: string): Promise<bigint | null> {
  const url = `${connect.url}${path}`;
  const res = await fetchFn(url, { signal: AbortSignal.timeout(5_000), ...(connect.authorization ? { headers: { authorization: connect.authorization } } : {}) });
  if (!res.ok) throw new ServiceError(`kafka connect answered ${res.status} for ${url}`);
  const body = (await res.json()) as ConnectOffsets;
  const values = (body.offsets ?? []).map((o) => o.offset?.lsn_commit).filter((v) => typeof v === 'number' || typeof v === 'string');
  // Debezium keeps one source partition per server; take the smallest should there ever be more.
  return values.length === 0 ? null : values.map((v) => BigInt(v)).reduce((a, b) => (a < b ? a : b));
}

export function createProgressSources(deps: SourcesDeps): ProgressSources & { close(): Promise<void> } {
  const fetchFn = deps.fetch ?? fetch;
  const admin = deps.kafka.admin();
  let connected: Promise<void> | undefined;
  const ready = () => (connected ??= admin.connect().catch((error: unknown) => { connected = undefined; throw error; }));
  let indexReady: Promise<unknown> | undefined;
  // Created when missing; an index created by an older version gains the fields added since (adding is allowed).
  const ensureIndex = () =>
    (indexReady ??= deps.es.indices
      .create({ index: deps.progressIndex, settings: { number_of_shards: 1, number_of_replicas: esReplicas() }, mappings: PROGRESS_MAPPING as never }, { ignore: [400] })
      .then(() => deps.es.indices.putMapping({ index: deps.progressIndex, properties: PROGRESS_MAPPING.properties as never }))
      .catch((error: unknown) => { indexReady = undefined; throw error; }));

  return {
    async takeSnapshot() {
      const row = (await deps.pool.query<{ snapshot: string; lsn: string }>(SNAPSHOT_AND_LSN_SQL)).rows[0];
      if (!row) throw new ServiceError('pg_current_snapshot() returned no row');
      return { snapshot: parseSnapshot(row.snapshot), lsn: lsnToBigInt(row.lsn), lsnText: row.lsn };
    },
    async connectorCommittedLsn() {
      return deps.offsets?.lsnCommit(deps.connector) ?? readLsnCommit(fetchFn, deps.connect, `/connectors/${encodeURIComponent(deps.connector)}/offsets`);
    },
    async watermarks(topics) {
      await ready();
      const high: Offsets = new Map();
      const low: Offsets = new Map();
      // One request per topic, all at once: read one after the other they cost a round trip each per cycle.
      const perTopic = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })));
      for (const { topic, partitions } of perTopic) {
        for (const p of partitions) {
          put(high, topic, p.partition, BigInt(p.high));
          put(low, topic, p.partition, BigInt(p.low));
        }
      }
      return { high, low };
    },
    async committed(groupId, topics) {
      await ready();
      const offsets: Offsets = new Map();
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics: [...topics] })) {
        for (const p of partitions) if (BigInt(p.offset) >= 0n) put(offsets, topic, p.partition, BigInt(p.offset));
      }
      return offsets;
    },
    async refresh(alias) {
      await deps.es.indices.refresh({ index: alias });
    },
    async publish(doc) {
      await ensureIndex();
      await deps.es.index({ index: deps.progressIndex, id: doc.projection, document: doc });
    },
    async close() {
      if (connected) await admin.disconnect().catch(() => undefined);
    },
  };
}
