import type { GroupLag, Histogram, KafkaFigures, Sample } from './sample.js';
import { buildReport, type ReportOptions } from './report.js';
import { chartPoint, statusChanges } from './statusChanges.js';

const options: ReportOptions = {
  thresholds: { maxSlotLagBytes: 1_000, maxRetainedWalBytes: 10_000, maxConsumerLag: 100, maxDirtyBacklog: 100, maxFreshnessP99Ms: 5_000, maxDeadLetters: 0, failingFactor: 4 },
  freshnessWindowMs: 60_000,
  throughputWindowMs: 10_000,
  dirtyTopics: [{ projection: 'orders', topic: 'sluice.dirty.orders' }],
  freshnessSource: 'projector metric',
};

const group = (id: string, committed: number, topic: string, lag = 0): GroupLag => ({
  groupId: id, state: 'Stable', members: 1, lag, committed, end: committed + lag, everCommitted: true,
  topics: [{ topic, exists: true, lag, end: committed + lag, partitions: [{ partition: 0, committed, end: committed + lag, lag }] }],
});
const kafka = (committed: number, dirtyLag = 0): KafkaFigures => ({
  resolve: group('r', committed, 'sluice.public.orders'),
  hydrate: group('h', committed, 'sluice.dirty.orders', dirtyLag),
  events: [group('sluice-projector-timeline', committed, 'sluice.events.order')],
  deadLetters: { topic: 'sluice.dlq', exists: true, count: 0 },
});
const hist = (fast: number, slow: number): Histogram => ({ buckets: [{ le: 0.1, count: fast }, { le: 1, count: fast + slow }, { le: Infinity, count: fast + slow }], count: fast + slow, sum: 0 });

const healthy = (at: number, n: number, h = hist(n, 0)): Sample => ({
  at,
  slot: { state: 'ok', value: { slotName: 's', exists: true, active: true, walStatus: 'reserved', lagBytes: 10, retainedWalBytes: 100, safeWalSizeBytes: null, flushLagMs: 1, currentLsn: '0/1', walPositionBytes: n * 100, confirmedFlushLsn: '0/1' } },
  connector: { state: 'ok', value: { name: 'c', found: true, state: 'RUNNING', tasks: [{ id: 0, state: 'RUNNING' }] } },
  kafka: { state: 'ok', value: kafka(n) },
  indexes: { state: 'ok', value: [{ projection: 'orders', alias: 'orders', index: 'orders_v1', docs: n, storeBytes: 1, indexedTotal: n, searchableAsOf: null }] },
  commitToIndexed: { state: 'ok', value: h },
  routing: { state: 'ok', value: { tables: [{ table: 'orders', identity: 'full', beforeImages: true }], decisions: [{ table: 'orders', routed: n, skipped: n }], documentsPerChange: hist(n, 0) } },
  stageSeconds: { state: 'ok', value: [{ stage: 'captured', histogram: hist(n, 0) }, { stage: 'searchable', histogram: h }] },
  frozen: { state: 'ok', value: [] },
});

describe('the lag report', () => {
  it('given every stage healthy, then ok everywhere with throughput from the history', () => {
    const report = buildReport(healthy(20_000, 300), [healthy(0, 0), healthy(10_000, 100)], options);
    expect(report.status).toBe('ok');
    expect(report.stages.elasticsearch.throughput).toEqual({ value: 20, unit: 'docs/s' });
    expect(report.stages.kafka.throughput).toEqual({ value: 20, unit: 'rec/s' });
    expect(report.stages.slot.throughput).toEqual({ value: 2_000, unit: 'B/s' });
    expect(report.stages.dirty.figures?.backlog).toEqual([{ projection: 'orders', topic: 'sluice.dirty.orders', backlog: 0 }]);
  });

  it('given freshness observations, then percentiles cover only the window, in milliseconds', () => {
    const report = buildReport(healthy(70_000, 10, hist(100, 10)), [healthy(0, 0, hist(100, 0)), healthy(10_000, 0, hist(100, 0))], options);
    expect(report.stages.freshness.figures).toMatchObject({ observations: 10, p50Ms: 550, p99Ms: 991, maxMs: 1_000, windowMs: 60_000 });
    expect(report.stages.freshness.throughput.value).toBeCloseTo(10 / 60);
  });

  it('given no earlier scrape, then freshness is "since the projector started" (window null)', () => {
    expect(buildReport(healthy(1_000, 1, hist(4, 0)), [], options).stages.freshness.figures?.windowMs).toBeNull();
  });

  it('given Kafka Connect unreachable, then the connector stage fails with the reason and the report still answers', () => {
    const sample: Sample = { ...healthy(1_000, 1), connector: { state: 'unavailable', reason: 'Kafka Connect unreachable at http://127.0.0.1:8083' } };
    const report = buildReport(sample, [], options);
    expect(report.status).toBe('failing');
    expect(report.stages.connector).toMatchObject({ status: 'failing', figures: null, unavailable: expect.stringMatching(/unreachable/) });
  });

  it('given the projector not running, then freshness is degraded, not an error', () => {
    const sample: Sample = { ...healthy(1_000, 1), commitToIndexed: { state: 'unavailable', reason: 'projector metrics unreachable' } };
    const report = buildReport(sample, [], options);
    expect(report.status).toBe('degraded');
    expect(report.stages.freshness).toMatchObject({ status: 'degraded', reasons: ['projector metrics unreachable'] });
  });

  it('given the projector reports orders frozen, then the Elasticsearch stage fails, says why with the fix, and flags the index', () => {
    const frozen = [{ projection: 'orders', index: 'orders_v1', difference: 'added channel' }];
    const report = buildReport({ ...healthy(1_000, 1), frozen: { state: 'ok', value: frozen } }, [], options);
    expect(report.status).toBe('failing');
    expect(report.stages.elasticsearch).toMatchObject({
      status: 'failing',
      reasons: ['projection orders is frozen: index orders_v1 has a different mapping from the declaration (added channel); run `sluice rebuild orders`'],
      figures: [{ projection: 'orders', frozen: true, freeze: { index: 'orders_v1', difference: 'added channel', command: 'sluice rebuild orders' } }],
    });
    expect(buildReport(healthy(1_000, 1), [], options).stages.elasticsearch).toMatchObject({ status: 'ok', figures: [{ frozen: false, freeze: null }] });
  });

  it('given a projector that exports only the frozen gauge, then the index is flagged with the fix and no difference', () => {
    const report = buildReport({ ...healthy(1_000, 1), frozen: { state: 'ok', value: [{ projection: 'orders', index: null, difference: null }] } }, [], options);
    expect(report.stages.elasticsearch).toMatchObject({
      reasons: ['projection orders is frozen: its mapping differs from the declaration; run `sluice rebuild orders`'],
      figures: [{ frozen: true, freeze: { index: null, difference: null, command: 'sluice rebuild orders' } }],
    });
  });

  it('given the frozen state unknown (projector metrics unreachable), then Elasticsearch is judged on its own figures', () => {
    const report = buildReport({ ...healthy(1_000, 1), frozen: { state: 'unavailable', reason: 'projector metrics unreachable' } }, [], options);
    expect(report.stages.elasticsearch).toMatchObject({ status: 'ok', figures: [{ frozen: false }] });
  });

  it('given Kafka down, then kafka and dirty fail and dead letters are unknown (degraded)', () => {
    const report = buildReport({ ...healthy(1_000, 1), kafka: { state: 'unavailable', reason: 'Kafka unavailable' } }, [], options);
    expect([report.stages.kafka.status, report.stages.dirty.status, report.stages.deadLetters.status]).toEqual(['failing', 'failing', 'degraded']);
  });

  it('given a table without before images, then routing is degraded and names the statement that fixes it', () => {
    const routing = { tables: [{ table: 'products', identity: 'default', beforeImages: false }], decisions: [], documentsPerChange: hist(1, 0) };
    const report = buildReport({ ...healthy(1_000, 1), routing: { state: 'ok', value: routing } }, [], options);
    expect(report.stages.routing.status).toBe('degraded');
    expect(report.stages.routing.reasons).toEqual([expect.stringContaining('fix: ALTER TABLE public.products REPLICA IDENTITY FULL;')]);
    expect(buildReport(healthy(1_000, 1), [], options).stages.routing.status).toBe('ok');
  });

  it('given fan-out observations, then amplification covers the window and routed/skipped are totals', () => {
    const fanOut = (few: number, many: number): Histogram => ({ buckets: [{ le: 3, count: few }, { le: 10_000, count: few + many }, { le: Infinity, count: few + many }], count: few + many, sum: 0 });
    const at = (t: number, h: Histogram): Sample => ({ ...healthy(t, 1), routing: { state: 'ok', value: { tables: [], decisions: [{ table: 'products', routed: 3, skipped: 7 }], documentsPerChange: h } } });
    const report = buildReport(at(70_000, fanOut(110, 1)), [at(0, fanOut(100, 1)), at(10_000, fanOut(100, 1))], options);
    expect(report.stages.routing.figures).toMatchObject({ routed: 3, skipped: 7, amplification: { changes: 10, max: 3 } });
  });

  it('given a dirty backlog per projection, then it is reported by projection', () => {
    const sample: Sample = { ...healthy(1_000, 1), kafka: { state: 'ok', value: kafka(1, 500) } };
    const report = buildReport(sample, [], options);
    expect(report.stages.dirty).toMatchObject({ status: 'failing', figures: { backlog: [{ projection: 'orders', backlog: 500 }] } });
  });
});

describe('status changes', () => {
  it('given a first report, then every stage changes from unknown', () => {
    const changes = statusChanges(undefined, buildReport(healthy(1_000, 1), [], options));
    expect(changes).toHaveLength(10);
    expect(changes[0]).toEqual({ stage: 'slot', from: 'unknown', to: 'ok', reasons: [] });
  });

  it('given one stage that changed, then exactly that stage and the overall status are reported', () => {
    const before = buildReport(healthy(1_000, 1), [], options);
    const after = buildReport({ ...healthy(3_000, 1), connector: { state: 'unavailable', reason: 'down' } }, [], options);
    expect(statusChanges(before, after)).toEqual([
      { stage: 'connector', from: 'ok', to: 'failing', reasons: ['down'] },
      { stage: 'overall', from: 'ok', to: 'failing', reasons: [] },
    ]);
    expect(statusChanges(after, after)).toEqual([]);
  });

  it('a chart point carries the figures the console draws', () => {
    const point = chartPoint(buildReport(healthy(20_000, 300), [healthy(10_000, 100)], options));
    expect(point).toMatchObject({ status: 'ok', slotLagBytes: 10, resolveLag: 0, dirtyBacklog: 0, deadLetters: 0, throughput: { elasticsearch: 20 } });
  });
});
