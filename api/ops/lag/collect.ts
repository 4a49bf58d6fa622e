// One collection: every probe runs at once, each bounded by a timeout, and each failure becomes a plainly
// worded "unavailable" figure. The collector itself never throws, so /ops/lag can always answer.
import type { ConnectorFigures, FrozenProjection, Histogram, IndexFigures, KafkaFigures, Probe, RoutingScrape, Sample, SlotFigures, StageHistograms } from './figures.js';

export interface Probes {
  slot: () => Promise<SlotFigures>;
  connector: () => Promise<ConnectorFigures>;
  kafka: () => Promise<KafkaFigures>;
  indexes: () => Promise<IndexFigures[]>;
  commitToIndexed: () => Promise<Histogram>;
  routing: () => Promise<RoutingScrape>;
  stages: () => Promise<StageHistograms>;
  frozen: () => Promise<FrozenProjection[]>;
}

export interface CollectorOptions {
  probes: Probes;
  timeoutMs: number;
  now?: () => number;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function measure<T>(probe: () => Promise<T>, timeoutMs: number, what: string): Promise<Probe<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Probe<T>>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'unavailable', reason: `${what} did not answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const attempt = probe().then(
    (value): Probe<T> => ({ state: 'ok', value }),
    (error: unknown): Probe<T> => ({ state: 'unavailable', reason: message(error) }),
  );
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createCollector({ probes, timeoutMs, now = Date.now }: CollectorOptions) {
  return async (): Promise<Sample> => {
    const at = now();
    const [slot, connector, kafka, indexes, commitToIndexed, routing, stages, frozen] = await Promise.all([
      measure(probes.slot, timeoutMs, 'Postgres'),
      measure(probes.connector, timeoutMs, 'Kafka Connect'),
      measure(probes.kafka, timeoutMs, 'Kafka'),
      measure(probes.indexes, timeoutMs, 'Elasticsearch'),
      measure(probes.commitToIndexed, timeoutMs, 'the projector metrics endpoint'),
      measure(probes.routing, timeoutMs, 'the projector metrics endpoint'),
      measure(probes.stages, timeoutMs, 'the projector metrics endpoint'),
      measure(probes.frozen, timeoutMs, 'the projector metrics endpoint'),
    ]);
    return { at, slot, connector, kafka, indexes, commitToIndexed, routing, stages, frozen };
  };
}
