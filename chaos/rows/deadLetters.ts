// The dead letters a row watches for: every letter published to the dead-letter topic while the row runs, parsed.
import { collect, testKafka } from '../../testkit/kafka.js';

/** A dead letter as the projector publishes it (projector/ports.ts DeadLetter), as far as the rows read it. */
export interface Letter {
  topic?: string;
  partition?: number;
  offset?: string;
  reason?: string;
  detail?: string;
  /** The root id, for a document Elasticsearch refused. */
  id?: string;
  /** The original record's value, for a change the projector could not apply. */
  value?: string | null;
}

export interface LetterWatch {
  /** The first letter published since the watch began that `match` accepts. */
  find(match: (letter: Letter) => boolean): Letter | undefined;
  stop(): Promise<void>;
}

export async function watchLetters(dlqTopic: string): Promise<LetterWatch> {
  const letters = await collect(testKafka(), dlqTopic);
  return {
    find: (match) => letters.messages.map((m) => JSON.parse(m.value?.toString() ?? '{}') as Letter).find(match),
    stop: () => letters.stop(),
  };
}
