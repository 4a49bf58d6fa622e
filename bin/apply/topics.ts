// `sluice apply`'s Kafka side: the change topic of every captured table exists before the projector restarts. The
// projector subscribes to them at start, and may not create them (its principal owns only its dirty and dead-letter
// topics, infra/native/kafkaAcls.ts); Debezium would create one only with the table's first change. So the operator
// creates them, as admin, with the connector's own partition count.
import { connectorSettings } from '../../connectors/register.js';
import { adminSaslFrom } from '../../lib/kafkaSasl.js';
import { cdcTopic, TABLE_CONNECTOR } from '../../lib/names.js';
import { ensureTopics } from '../../model/adapters/kafka/admin.js';
import { createKafkaClient } from '../../model/adapters/kafka/client.js';

export async function ensureChangeTopics(env: Record<string, string | undefined>, tables: readonly string[]): Promise<void> {
  const settings = connectorSettings(TABLE_CONNECTOR);
  const kafka = createKafkaClient((env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), 'sluice-apply', adminSaslFrom(env));
  const topics = tables.map((t) => cdcTopic({ prefix: settings['topic.prefix'] ?? 'sluice' }, t));
  await ensureTopics(kafka, topics, Number(settings['topic.creation.default.partitions'] ?? 4));
}
