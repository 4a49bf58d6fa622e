// `sluice rebuild` and `sluice verify` of an event-built read model (model/projections/eventDeclaration.ts):
// projectionCommands.ts hands them over when the name is one. A rebuild folds the event topics from the beginning
// into a new version index and moves the alias while the live stage keeps writing; a verify folds them
// independently and compares (projector/events/). `sluice rebuild-timeline` is the old name, kept as a deprecated
// alias of `sluice rebuild order_timeline`.
import type { Command } from 'commander';
import { deadLetterTopic, indexNames } from '../lib/names.js';
import { createEsClient } from '../model/adapters/elasticsearch/client.js';
import { versionsOf } from '../model/adapters/elasticsearch/indexes.js';
import { createKafkaClient } from '../model/adapters/kafka/client.js';
import type { EventProjection } from '../model/projections/eventDeclaration.js';
import { ORDER_TIMELINE } from '../model/projections/timeline/timeline.js';
import { sourceTopics } from '../model/registry.js';
import { createDeadLetterSink, createProducer, loadProjectorConfig, rebuildAccessFrom, rebuildEventBuilt, rebuildVersion, verifyEventBuilt, type EventVerifyReport } from '../projector/operations.js';
import { kafkaSasl } from '../lib/kafkaSasl.js';

const say = (line: string): void => console.log(`${new Date().toISOString().slice(11, 19)}  ${line}`);

async function withClients<T>(run: (c: { es: ReturnType<typeof createEsClient>; kafka: ReturnType<typeof createKafkaClient>; config: ReturnType<typeof loadProjectorConfig> }) => Promise<T>): Promise<T> {
  const config = loadProjectorConfig(process.env);
  const es = createEsClient(rebuildAccessFrom(config, process.env));
  const kafka = createKafkaClient(config.KAFKA_BROKERS, 'sluice-cli', kafkaSasl(config.KAFKA_PROJECTOR_USER, config.KAFKA_PROJECTOR_PASSWORD));
  try {
    return await run({ es, kafka, config });
  } finally {
    await es.close();
  }
}

export async function runEventRebuild(projection: EventProjection, opts: { version?: string; keepAlias?: boolean }, command = `sluice rebuild ${projection.name}`): Promise<void> {
  await withClients(async ({ es, kafka, config }) => {
    const producer = createProducer(kafka);
    try {
      await producer.connect();
      // The same rule as a table-built rebuild (indexVersions.ts): the version declared in code, or `--version n`
      // above every existing version to rebuild the same declaration into a new index; an existing index is never rebuilt.
      const names = indexNames(projection, config.PROJECTOR_INDEX_PREFIX);
      const choice = rebuildVersion(
        {
          projection: projection.name, versionPrefix: names.versionPrefix, declared: projection.version, command,
          requested: opts.version === undefined ? undefined : /^\d+$/.test(opts.version.trim()) ? Number(opts.version) : Number.NaN,
        },
        await versionsOf(es, names),
      );
      if (choice.refused !== undefined) throw new Error(`rebuild of ${projection.name} refused: ${choice.refused}`);
      const topics = sourceTopics(projection, config.PROJECTOR_TOPIC_PREFIX);
      say(`rebuilding ${projection.name}_v${choice.version} from the beginning of ${topics.join(', ')}`);
      const report = await rebuildEventBuilt({
        projection, es, kafka, topicPrefix: config.PROJECTOR_TOPIC_PREFIX, groupPrefix: config.PROJECTOR_GROUP_PREFIX, indexPrefix: config.PROJECTOR_INDEX_PREFIX,
        deadLetters: createDeadLetterSink(producer, deadLetterTopic(config.PROJECTOR_TOPIC_PREFIX)), version: choice.version, swap: !opts.keepAlias,
      });
      say(`rebuilt ${report.index} (${report.documents} document writes, ${(report.ms / 1000).toFixed(1)} s); alias ${opts.keepAlias ? `left on ${report.previous ?? '(nothing)'}` : `moved from ${report.previous ?? '(nothing)'}`}`);
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  });
}

/** Folds the topics and compares; the report is printed by the caller, as for a table-built verify. */
export const runEventVerify = (projection: EventProjection): Promise<EventVerifyReport> =>
  withClients(({ es, kafka, config }) =>
    verifyEventBuilt({ projection, es, kafka, topicPrefix: config.PROJECTOR_TOPIC_PREFIX, groupPrefix: config.PROJECTOR_GROUP_PREFIX, indexPrefix: config.PROJECTOR_INDEX_PREFIX }),
  );

export function registerEventBuiltCommands(program: Command): void {
  program
    .command('rebuild-timeline')
    .description(`deprecated: use \`sluice rebuild ${ORDER_TIMELINE.name}\` (same options)`)
    .option('--version <n>', 'build this version instead of the one declared in code (a repair from the same declaration); above every existing version')
    .option('--keep-alias', 'build and leave the alias where it is (to compare the two versions)')
    .action(async (opts: { version?: string; keepAlias?: boolean }) => {
      console.error(`sluice rebuild-timeline is deprecated: use \`sluice rebuild ${ORDER_TIMELINE.name}\``);
      await runEventRebuild(ORDER_TIMELINE, opts, 'sluice rebuild-timeline');
    });
}
