// The order timeline stage alone, as its own process, for tests that kill it (kill -9) mid-stream. It consumes
// `sluice.events.order` with the group TIMELINE_GROUP into the alias under TIMELINE_PREFIX, exactly as the
// projector's live stage does; TIMELINE_COMMIT_MS sets how often it commits offsets. Usage: node --import tsx testkit/timelineWorker.ts
import { consumerGroups, eventTopic, indexNames } from '../lib/names.js';
import { testEsClient } from './elasticsearch.js';
import { createEventDocStore } from '../model/adapters/elasticsearch/eventDocStore.js';
import { createKafkaClient } from '../model/adapters/kafka/client.js';
import { adminSaslFrom } from '../lib/kafkaSasl.js';
import { createBatchConsumer, createEventStage } from '../projector/operations.js';
import { ORDER_TIMELINE } from '../model/projections/timeline/timeline.js';

const env = process.env;
const es = testEsClient(env);
const kafka = createKafkaClient((env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), 'timeline-worker', adminSaslFrom(env));
const alias = indexNames(ORDER_TIMELINE, env['TIMELINE_PREFIX'] ?? '').alias;
const consumer = createBatchConsumer(
  kafka,
  { groupId: consumerGroups(env['TIMELINE_GROUP_PREFIX'] ?? 'timeline-worker').timeline, topics: [eventTopic('order')], concurrency: 4, commitIntervalMs: Number(env['TIMELINE_COMMIT_MS'] ?? 100) },
  createEventStage({
    projection: ORDER_TIMELINE,
    store: createEventDocStore(es),
    index: () => alias,
    deadLetters: { park: async (letters) => void process.stderr.write(`dead letters: ${JSON.stringify(letters)}\n`) },
  }),
);
await consumer.start();
process.stdout.write('started\n');
process.on('SIGTERM', () => void consumer.stop().then(() => process.exit(0)));
