import type { RebuildMeasurement } from '../../../model/adapters/elasticsearch/capacityStore.js';
import { buildCapacityReport, catchUpFrom, projectionCapacity, rebuildEstimate, type ProjectionFigures } from './capacity.js';
import { capacityNotes, capacityRows, duration } from './capacityRows.js';
import { createCapacity } from './capacityCollect.js';
import type { ChartPoint } from '../lag/statusChanges.js';

const measured: RebuildMeasurement = { projection: 'orders', at: '2026-01-01T00:00:00.000Z', index: 'orders_v2', docs: 200_000, seconds: 20, loadSeconds: 13, docsPerSecond: 10_000 };
const ok = <T>(value: T) => ({ state: 'ok' as const, value });
const down = (reason: string) => ({ state: 'unavailable' as const, reason });

const figures = (over: Partial<ProjectionFigures> = {}): ProjectionFigures => ({
  projection: 'orders',
  alias: 'orders',
  index: ok({ index: 'orders_v2', docs: 50_000, primaryBytes: 20_000_000, totalBytes: 40_000_000 }),
  postgres: ok([{ table: 'orders', bytes: 30_000_000 }, { table: 'order_lines', bytes: 50_000_000 }]),
  lastRebuild: ok(measured),
  ...over,
});

const point = (at: string, resolveLag: number | null, dirtyBacklog: number | null, docs: number | null, records: number | null = null): ChartPoint => ({
  at, status: 'ok', slotLagBytes: null, retainedWalBytes: null, resolveLag, dirtyBacklog, freshnessP99Ms: null, fanOutP99: null, deadLetters: null,
  throughput: { slot: null, connector: null, kafka: records, dirty: null, events: null, routing: null, elasticsearch: docs, freshness: null, deadLetters: null },
});

describe('projectionCapacity', () => {
  it('gives bytes per document from the primaries and sums the Postgres tables', () => {
    const row = projectionCapacity(figures());
    expect(row).toMatchObject({ index: 'orders_v2', docs: 50_000, primaryBytes: 20_000_000, totalBytes: 40_000_000, bytesPerDoc: 400, postgresBytes: 80_000_000, unavailable: [] });
  });

  it('expects today\'s documents at the last measured rate', () => {
    expect(projectionCapacity(figures()).rebuild).toEqual({ measured, expectedSeconds: 5, note: '10,000 docs/s measured by the rebuild of 200,000 docs at 2026-01-01T00:00:00.000Z' });
  });

  it('says so when no rebuild was measured yet', () => {
    expect(projectionCapacity(figures({ lastRebuild: ok(null) })).rebuild).toEqual({ measured: null, expectedSeconds: null, note: 'no rebuild measured yet' });
  });

  it('gives no estimate from an empty rebuild rather than dividing by its zero rate', () => {
    const empty = { ...measured, docs: 0, docsPerSecond: 0 };
    expect(rebuildEstimate(10, ok(empty))).toMatchObject({ expectedSeconds: null, note: expect.stringContaining('no rate measured yet') });
  });

  it('has no bytes per document without documents', () => {
    expect(projectionCapacity(figures({ index: ok({ index: null, docs: 0, primaryBytes: 0, totalBytes: 0 }) }))).toMatchObject({ index: null, docs: 0, bytesPerDoc: null, rebuild: { expectedSeconds: 0 } });
  });

  it('reports what could not be measured, and a missing table, without inventing figures', () => {
    const row = projectionCapacity(figures({ index: down('timeout'), postgres: ok([{ table: 'orders', bytes: 10 }, { table: 'gone', bytes: null }]), lastRebuild: down('no answer') }));
    expect(row).toMatchObject({ docs: null, primaryBytes: null, bytesPerDoc: null, postgresBytes: 10, rebuild: { expectedSeconds: null, note: 'last rebuild unknown: no answer' } });
    expect(row.unavailable).toEqual(['Elasticsearch: timeout', 'Postgres: table gone not found']);
    expect(projectionCapacity(figures({ postgres: down('refused') })).postgresBytes).toBeNull();
  });
});

describe('catchUpFrom', () => {
  it('takes the highest write rate seen while records or dirty keys were waiting', () => {
    const c = catchUpFrom([point('t1', 0, 0, 900), point('t2', 5_000, 0, 3_000, 8_000), point('t3', 0, 40, 2_000), point('t4', null, null, 5_000)], 'last 10 min');
    expect(c).toMatchObject({ docsPerSecond: 3_000, recordsPerSecond: 8_000, observedAt: 't2', behind: 5_000 });
    expect(c.source).toMatch(/while behind/);
  });

  it('gives no figure when the projector was never behind: the rates seen were only the incoming load', () => {
    expect(catchUpFrom([point('t1', 0, 0, 900), point('t2', 10, 0, null)], 'last 10 min')).toMatchObject({ docsPerSecond: null, observedAt: null, source: expect.stringMatching(/^not measured/) });
  });
});

describe('rows', () => {
  it('formats durations as an operator plans with them', () => {
    expect([duration(null), duration(4.25), duration(42), duration(300), duration(7200)]).toEqual(['-', '4.3 s', '42 s', '5.0 min', '2.0 h']);
  });

  it('draws one row per projection and notes the catch-up source', () => {
    const report = buildCapacityReport(0, [figures(), figures({ projection: 'customers', lastRebuild: ok(null), postgres: ok([]) })], [], 'last 10 min');
    expect(capacityRows(report)).toEqual([
      ['orders', 'orders_v2', '50,000', '19.1 MB / 38.1 MB', '400 B', '76.3 MB (orders, order_lines)', '5.0 s', report.projections[0]!.rebuild.note],
      ['customers', 'orders_v2', '50,000', '19.1 MB / 38.1 MB', '400 B', '0 B', '-', 'no rebuild measured yet'],
    ]);
    expect(capacityNotes(report)[0]).toMatch(/^catch-up throughput: not measured/);
  });
});

describe('createCapacity', () => {
  it('turns a probe that throws into an unavailable figure, the others still measured', async () => {
    const capacity = createCapacity({
      targets: [{ projection: 'orders', alias: 'p-orders', tables: ['orders'] }],
      probes: {
        indexSize: async (alias) => ({ index: `${alias}_v1`, docs: 4, primaryBytes: 400, totalBytes: 400 }),
        tableSizes: async () => Promise.reject(new Error('connection refused')),
        lastRebuild: async () => ({ ...measured, docsPerSecond: 2 }),
        points: () => [],
      },
      timeoutMs: 1_000,
      windowLabel: 'none',
      now: () => 0,
    });
    const report = await capacity();
    expect(report.asOf).toBe('1970-01-01T00:00:00.000Z');
    expect(report.projections[0]).toMatchObject({ index: 'p-orders_v1', bytesPerDoc: 100, postgresBytes: null, unavailable: ['Postgres: connection refused'], rebuild: { expectedSeconds: 2 } });
  });
});
