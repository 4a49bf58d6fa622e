// How many copies the pipeline keeps of what it writes, one setting each: the development and test stacks run one
// broker and one Elasticsearch node (1 copy, 0 replicas); the replicated cluster (`sluice cluster up`) runs three of
// each and sets KAFKA_REPLICATION_FACTOR=3, ES_REPLICAS=1. Every place that creates a topic or an index reads these.
type Env = Record<string, string | undefined>;

const count = (env: Env, name: string, fallback: number, min: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
};

/** KAFKA_REPLICATION_FACTOR: copies of every Sluice topic (and of Kafka's and Connect's internal topics). */
export const kafkaReplicationFactor = (env: Env = process.env): number => count(env, 'KAFKA_REPLICATION_FACTOR', 1, 1);

/** min.insync.replicas that goes with it: a write acknowledged with acks=all survives the loss of one copy. */
export const kafkaMinInsync = (env: Env = process.env): number => Math.max(1, Math.min(2, kafkaReplicationFactor(env) - 1));

/** ES_REPLICAS: replicas of every projection index, the progress index and the capacity index. */
export const esReplicas = (env: Env = process.env): number => count(env, 'ES_REPLICAS', 0, 0);
