// Rebuilds an event-built read model from the beginning of its event topics into a new version index, then moves
// the read alias, without stopping the live stage. The steps, and why nothing is lost:
//  1. A fresh consumer group reads the topics from their first offset into `<name>_v<N>`.
//  2. Once it has consumed up to the high watermarks read after it started, the read alias moves to the new index
//     in one alias action. The live stage writes through the alias, so from then on it writes the new index too.
//  3. The rebuild group then also consumes up to the high watermarks read after the move: every event the live
//     stage wrote only to the old index was in the topic before the move, so the rebuild applies it as well.
// The live stage and the rebuild may both fold one document meanwhile; a fold depends on the set of events alone
// (eventDeclaration.ts), with optimistic writes, so their order does not matter.
import { indexNames } from '../../lib/names.js';
import type { EsClient } from '../../model/adapters/elasticsearch/client.js';
import { resolveAliases, updateAliases } from '../../model/adapters/elasticsearch/aliases.js';
import { createEventDocStore, createEventIndex } from '../../model/adapters/elasticsearch/eventDocStore.js';
import type { KafkaClient } from '../../model/adapters/kafka/client.js';
import type { EventProjection } from '../../model/projections/eventDeclaration.js';
import { sourceTopics } from '../../model/registry.js';
import type { DeadLetterSink } from '../ports.js';
import { startCatchUp } from './catchUp.js';
import { createEventStage } from './eventStage.js';

export interface EventRebuild {
  projection: EventProjection;
  es: EsClient;
  kafka: KafkaClient;
  topicPrefix: string;
  groupPrefix: string;
  indexPrefix: string;
  deadLetters: DeadLetterSink;
  /** The version to build; must be newer than the live one. */
  version: number;
  /** Leave the alias where it is (build and compare only). */
  swap?: boolean;
  timeoutMs?: number;
}

export interface EventRebuilt {
  index: string;
  previous: string | undefined;
  documents: number;
  ms: number;
}

export async function rebuildEventBuilt(r: EventRebuild): Promise<EventRebuilt> {
  const started = Date.now();
  const live = indexNames(r.projection, r.indexPrefix);
  const target = indexNames({ name: r.projection.name, version: r.version }, r.indexPrefix).index;
  const previous = (await resolveAliases(r.es, [live.alias])).get(live.alias);
  if (previous === target) throw new Error(`${target} is already the live ${r.projection.name}; rebuild to a newer version`);
  await createEventIndex(r.es, r.projection, target);
  let documents = 0;
  const stage = createEventStage({ projection: r.projection, store: createEventDocStore(r.es), deadLetters: r.deadLetters, index: () => target, onWritten: (n) => void (documents += n) });
  const run = await startCatchUp(r.kafka, `${r.groupPrefix}-${r.projection.group}-rebuild-v${r.version}`, sourceTopics(r.projection, r.topicPrefix), stage, r.timeoutMs);
  try {
    await run.untilNow(`the ${r.projection.name} rebuild caught up with its topics`);
    if (r.swap ?? true) {
      await updateAliases(r.es, [...(previous ? [{ remove: { index: previous, alias: live.alias } }] : []), { add: { index: target, alias: live.alias } }]);
      await run.untilNow(`the ${r.projection.name} rebuild caught up after the alias moved`);
    }
  } finally {
    await run.stop();
  }
  await r.es.indices.refresh({ index: target });
  return { index: target, previous, documents, ms: Date.now() - started };
}
