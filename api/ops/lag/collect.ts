// One collection: every probe runs at once, each bounded by a timeout (probe.ts), and each failure becomes a plainly
// worded "unavailable" figure. The collector itself never throws, so /ops/lag can always answer.
import { measure } from '../probe.js';
import type { ConnectorFigures, FrozenProjection, Histogram, IndexFigures, KafkaFigures, RoutingScrape, Sample, SlotFigures, StageHistograms } from './sample.js';

export interface Probes {
  slot: () => Promise<SlotFigures>;
  connector: () => Promise<ConnectorFigures>;
  kafka: () => Promise<KafkaFigures>;
  indexes: () => Promise<IndexFigures[]>;
  commitToIndexed: () => Promise<Histogram>;
  routing: () => Promise<RoutingScrape>;
  stageSeconds: () => Promise<StageHistograms>;
  frozen: () => Promise<FrozenProjection[]>;
}

export interface CollectorOptions {
  probes: Probes;
  timeoutMs: number;
  now?: () => number;
}

export function createCollector({ probes, timeoutMs, now = Date.now }: CollectorOptions) {
  return async (): Promise<Sample> => {
    const at = now();
    const [slot, connector, kafka, indexes, commitToIndexed, routing, stageSeconds, frozen] = await Promise.all([
      measure(probes.slot, timeoutMs, 'Postgres'),
      measure(probes.connector, timeoutMs, 'Kafka Connect'),
      measure(probes.kafka, timeoutMs, 'Kafka'),
      measure(probes.indexes, timeoutMs, 'Elasticsearch'),
      measure(probes.commitToIndexed, timeoutMs, 'the projector metrics endpoint'),
      measure(probes.routing, timeoutMs, 'the projector metrics endpoint'),
      measure(probes.stageSeconds, timeoutMs, 'the projector metrics endpoint'),
      measure(probes.frozen, timeoutMs, 'the projector metrics endpoint'),
    ]);
    return { at, slot, connector, kafka, indexes, commitToIndexed, routing, stageSeconds, frozen };
  };
}
