import type { LagReport, LagRowReport } from './lagReport.js';
import { budgetRows, bytes, count, lagReasons, lagRows, ms, partitionRows, rate } from './lagRows.js';

const none = { value: null, unit: 'rec/s' };
const down = (reason: string, status: 'degraded' | 'failing' = 'failing'): LagRowReport<never> => ({ status, reasons: [reason], throughput: none, figures: null, unavailable: reason });
const group = { groupId: 'g-resolve', state: 'Stable', members: 1, lag: 3, committed: 7, end: 10, everCommitted: true, topics: [{ topic: 'sluice.public.orders', exists: true, lag: 3, end: 10, partitions: [{ partition: 0, committed: 7, end: 10, lag: 3 }] }] };

const report: LagReport = {
  asOf: '2026-01-01T00:00:00.000Z',
  status: 'failing',
  stages: {
    slot: { status: 'degraded', reasons: ['no consumer attached'], throughput: { value: 2048, unit: 'B/s' }, figures: { slotName: 's', exists: true, active: false, walStatus: 'reserved', lagBytes: 1536, retainedWalBytes: 3 * 1024 * 1024, safeWalSizeBytes: null, flushLagMs: null, currentLsn: '0/1', walPositionBytes: 1, confirmedFlushLsn: null } },
    connector: down('Kafka Connect unreachable at http://127.0.0.1:8083'),
    kafka: { status: 'ok', reasons: [], throughput: { value: 12.4, unit: 'rec/s' }, figures: group },
    dirty: { status: 'ok', reasons: [], throughput: none, figures: { group: { ...group, groupId: 'g-hydrate' }, backlog: [{ projection: 'orders', topic: 't', backlog: 3 }] } },
    events: { status: 'ok', reasons: [], throughput: none, figures: [{ ...group, groupId: 'sluice-projector-timeline' }] },
    routing: {
      status: 'degraded', reasons: ['table products logs no before images'], throughput: { value: 4, unit: 'changes/s' },
      figures: {
        tables: [{ table: 'orders', identity: 'full', beforeImages: true, fix: null }, { table: 'products', identity: 'default', beforeImages: false, fix: 'ALTER TABLE public.products REPLICA IDENTITY FULL;' }],
        decisions: [{ table: 'products', routed: 10, skipped: 0 }], routed: 10, skipped: 0, amplification: { p50: 2, p99: 2800, max: 10_000, changes: 40 },
      },
    },
    elasticsearch: { status: 'ok', reasons: [], throughput: none, figures: [{ projection: 'orders', alias: 'orders', index: 'orders_v1', docs: 1234, storeBytes: 2048, indexedTotal: 1, searchableAsOf: '2025-12-31T23:59:58.500Z', frozen: false, freeze: null }] },
    freshness: { status: 'ok', reasons: [], throughput: none, figures: { p50Ms: 80, p99Ms: 2500, maxMs: 5000, observations: 9, windowMs: 60_000, source: 's', budget: [{ stage: 'captured', p50Ms: 12, p99Ms: 40, observations: 9 }, { stage: 'searchable', p50Ms: 80, p99Ms: 2500, observations: 9 }] } },
    deadLetters: { status: 'ok', reasons: [], throughput: none, figures: { topic: 'sluice.dlq', exists: false, count: 0 } },
  },
};

describe('lag as table rows', () => {
  it('formats bytes, counts, durations and rates for people', () => {
    expect([bytes(512), bytes(1536), bytes(3 * 1024 * 1024), bytes(null)]).toEqual(['512 B', '1.5 KB', '3.0 MB', '-']);
    expect([count(1234567), ms(80), ms(2500), ms(61_000)]).toEqual(['1,234,567', '80 ms', '2.5 s', '61 s']);
    expect([rate({ value: 2048, unit: 'B/s' }), rate({ value: 12.4, unit: 'rec/s' }), rate(none)]).toEqual(['2.0 KB/s', '12 rec/s', '-']);
  });

  it('gives one row per stage in pipeline order, with the reason in place of figures when unavailable', () => {
    const rows = lagRows(report);
    expect(rows.map((r) => r[0])).toEqual(['Postgres slot', 'Debezium connector', 'Kafka (resolve)', 'Dirty keys (hydrate)', 'Events (event-built)', 'Routing (fan-out)', 'Elasticsearch', 'End to end', 'Dead letters']);
    expect(rows[0]).toEqual(['Postgres slot', 'degraded', '1.5 KB behind', '2.0 KB/s', 'retains 3.0 MB, INACTIVE, wal reserved, safe -']);
    expect(rows[1]).toEqual(['Debezium connector', 'failing', 'unavailable', '-', 'Kafka Connect unreachable at http://127.0.0.1:8083']);
    expect(rows[4]).toEqual(['Events (event-built)', 'ok', '3 records', '-', 'group sluice-projector-timeline Stable, 1 member(s), 3 behind']);
    expect(rows[5]).toEqual([
      'Routing (fan-out)', 'degraded', 'p99 2,800 docs/change', '4.0 changes/s',
      'p50 2, max <= 10,000; 10 routed, 0 skipped (unread columns); no before images: ALTER TABLE public.products REPLICA IDENTITY FULL;',
    ]);
    expect(rows[6]?.[2]).toBe('1,234 docs');
    expect(rows[6]?.[4]).toBe('orders 1,234 (2.0 KB, searchable to 1.5 s ago)');
    expect(rows[7]?.[4]).toBe('p50 80 ms, max <= 5.0 s, 9 docs in 60 s');
    expect(rows[8]?.[4]).toBe('sluice.dlq (not created yet)');
  });

  it('lists reasons of measured stages (unavailable ones already show theirs in the table)', () => {
    expect(lagReasons(report)).toEqual(['slot: no consumer attached', 'routing: table products logs no before images']);
  });

  it('given a frozen projection, then its Elasticsearch detail says FROZEN and the reason with the fix is listed', () => {
    const reason = 'projection orders is frozen: index orders_v1 has a different mapping from the declaration (added channel); run `sluice rebuild orders`';
    const [orders] = report.stages.elasticsearch.figures ?? [];
    const frozen: LagReport = {
      ...report,
      stages: { ...report.stages, elasticsearch: { ...report.stages.elasticsearch, status: 'failing', reasons: [reason], figures: orders ? [{ ...orders, frozen: true, freeze: { index: 'orders_v1', difference: 'added channel', command: 'sluice rebuild orders' } }] : [] } },
    };
    expect(lagRows(frozen)[6]?.slice(1, 2)).toEqual(['failing']);
    expect(lagRows(frozen)[6]?.[4]).toBe('orders FROZEN 1,234 (2.0 KB, searchable to 1.5 s ago)');
    expect(lagReasons(frozen)).toContain(`elasticsearch: ${reason}`);
  });

  it('gives the per-stage budget, commit to the end of each stage', () => {
    expect(budgetRows(report)).toEqual([
      ['captured (appended to Kafka)', '12 ms', '40 ms', '9'],
      ['searchable (a refresh covered it)', '80 ms', '2.5 s', '9'],
    ]);
  });

  it('lists consumer lag per group, topic and partition', () => {
    expect(partitionRows(report)).toEqual([
      ['g-resolve', 'sluice.public.orders', '0', '7', '10', '3'],
      ['g-hydrate', 'sluice.public.orders', '0', '7', '10', '3'],
      ['sluice-projector-timeline', 'sluice.public.orders', '0', '7', '10', '3'],
    ]);
  });
});
