// `sluice rebuild-timeline`: rebuilds the event-built order timeline from the beginning of its topic into a new
// version index and moves the alias, while the projector's live stage keeps writing
// (projector/lifecycle/rebuildTimeline.ts, docs/events.md).
import type { Command } from 'commander';
import { deadLetterTopic, eventTopic, indexNames } from '../lib/names.js';
import { createEsClient } from '../model/adapters/elasticsearch/client.js';
import { versionsOf } from '../model/adapters/elasticsearch/indexes.js';
import { createKafkaClient } from '../model/adapters/kafka/client.js';
import { createDeadLetterSink, createProducer, loadProjectorConfig, rebuildAccessFrom, rebuildTimeline, rebuildVersion } from '../projector/operations.js';
import { kafkaSasl } from '../lib/kafkaSasl.js';
import { ORDER_TIMELINE } from '../model/projections/timeline/mapping.js';

const say = (line: string): void => console.log(`${new Date().toISOString().slice(11, 19)}  ${line}`);

async function runTimelineRebuild(opts: { version?: string; keepAlias?: boolean }): Promise<void> {
  const config = loadProjectorConfig(process.env);
  const es = createEsClient(rebuildAccessFrom(config, process.env));
  const kafka = createKafkaClient(config.KAFKA_BROKERS, 'sluice-cli', kafkaSasl(config.KAFKA_PROJECTOR_USER, config.KAFKA_PROJECTOR_PASSWORD));
  const producer = createProducer(kafka);
  try {
    await producer.connect();
    // The same rule as `sluice rebuild` (indexVersions.ts): the version declared in code, or `--version n` above
    // every existing version to rebuild the same declaration into a new index; an existing index is never rebuilt.
    const names = indexNames(ORDER_TIMELINE, config.PROJECTOR_INDEX_PREFIX);
    const choice = rebuildVersion(
      {
        projection: ORDER_TIMELINE.name, versionPrefix: names.versionPrefix, declared: ORDER_TIMELINE.version, command: 'sluice rebuild-timeline',
        requested: opts.version === undefined ? undefined : /^\d+$/.test(opts.version.trim()) ? Number(opts.version) : Number.NaN,
      },
      await versionsOf(es, names),
    );
    if (choice.refused !== undefined) throw new Error(`rebuild of ${ORDER_TIMELINE.name} refused: ${choice.refused}`);
    const version = choice.version;
    say(`rebuilding ${ORDER_TIMELINE.name}_v${version} from the beginning of ${eventTopic('order', config.PROJECTOR_TOPIC_PREFIX)}`);
    const report = await rebuildTimeline({
      es, kafka, topic: eventTopic('order', config.PROJECTOR_TOPIC_PREFIX), groupPrefix: config.PROJECTOR_GROUP_PREFIX, indexPrefix: config.PROJECTOR_INDEX_PREFIX,
      deadLetters: createDeadLetterSink(producer, deadLetterTopic(config.PROJECTOR_TOPIC_PREFIX)), version, swap: !opts.keepAlias,
    });
    say(`rebuilt ${report.index} (${report.documents} document writes, ${(report.ms / 1000).toFixed(1)} s); alias ${opts.keepAlias ? `left on ${report.previous ?? '(nothing)'}` : `moved from ${report.previous ?? '(nothing)'}`}`);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await es.close();
  }
}

export function registerTimelineCommands(program: Command): void {
  program
    .command('rebuild-timeline')
    .description(`rebuild ${ORDER_TIMELINE.name} from the beginning of the order events into a new version while the live stage keeps writing, then move the alias`)
    .option('--version <n>', 'build this version instead of the one declared in code (a repair from the same declaration); above every existing version')
    .option('--keep-alias', 'build and leave the alias where it is (to compare the two versions)')
    .action(runTimelineRebuild);
}
