// The operations service's OpenAPI document. The lag report's schema is typed against lag/lagReport.ts
// (`z.ZodType<LagReport>`), so a figure added to, renamed in or retyped there fails the type check until the
// document says the same; the search parameters use the very schema that validates them (search/opsSearch.ts).
import { z } from 'zod';
import { createOpenApi, errorResponses, type ErrorStatus } from '../http/openapi.js';
import type { CapacityReport } from './capacity/capacity.js';
import type { LagReport } from './lag/lagReport.js';
import type { ChartPoint } from './lag/statusChanges.js';
import { searchParams, type SearchHit } from './search/opsSearch.js';

const health = z.enum(['ok', 'degraded', 'failing']);
const int = z.number().int();
const nullableInt = int.nullable();

const stage = <F extends z.ZodType>(figures: F) =>
  z.object({
    status: health,
    reasons: z.array(z.string()),
    throughput: z.object({ value: z.number().nullable(), unit: z.string() }),
    figures: figures.nullable(),
    unavailable: z.string().optional().openapi({ description: 'Why the stage could not be measured; figures is null then' }),
  });

const slot = z.object({
  slotName: z.string(), exists: z.boolean(), active: z.boolean().nullable(), walStatus: z.string().nullable(),
  lagBytes: nullableInt, retainedWalBytes: nullableInt, safeWalSizeBytes: nullableInt, flushLagMs: z.number().nullable(),
  currentLsn: z.string(), walPositionBytes: int, confirmedFlushLsn: z.string().nullable(),
}).openapi('SlotFigures');
const connector = z.object({
  name: z.string(), found: z.boolean(), state: z.string(),
  tasks: z.array(z.object({ id: int, state: z.string(), trace: z.string().optional() })),
}).openapi('ConnectorFigures');
const partition = z.object({ partition: int, committed: nullableInt, end: int, lag: int });
const topic = z.object({ topic: z.string(), exists: z.boolean(), lag: int, end: int, partitions: z.array(partition) });
const group = z.object({
  groupId: z.string(), state: z.string(), members: int, lag: int, committed: int, end: int, everCommitted: z.boolean(), topics: z.array(topic),
}).openapi('GroupLag');
const dirty = z.object({ group, backlog: z.array(z.object({ projection: z.string(), topic: z.string(), backlog: int })) }).openapi('DirtyFigures');
const routing = z.object({
  tables: z.array(z.object({ table: z.string(), identity: z.string(), beforeImages: z.boolean(), fix: z.string().nullable() })),
  decisions: z.array(z.object({ table: z.string(), routed: int, skipped: int })),
  routed: int,
  skipped: int,
  amplification: z.object({ p50: z.number().nullable(), p99: z.number().nullable(), max: z.number().nullable(), changes: int }),
}).openapi('RoutingFigures');
// One entry per projection alias: the stage's figures are a list, which the console renders row by row.
const indexes = z.array(z.object({
  projection: z.string(), alias: z.string(), index: z.string().nullable(), docs: int, storeBytes: int, indexedTotal: int, searchableAsOf: z.string().nullable(),
  frozen: z.boolean().openapi({ description: 'The projector does not write this projection: its live mapping differs from the code (run `sluice rebuild`)' }),
  freeze: z.object({
    index: z.string().nullable().openapi({ description: 'The live index the projector does not write; null when the projector does not say' }),
    difference: z.string().nullable().openapi({ description: 'How its mapping differs from the declaration, field by field (`added channel`); null when the projector does not say' }),
    command: z.string().openapi({ description: 'The command that unfreezes it: `sluice rebuild <projection>`, with `--version <n>` when the declaration was not bumped' }),
  }).nullable().openapi('Freeze', { description: 'Why the projection is frozen and what unfreezes it; null unless frozen' }),
})).openapi('IndexFigures');
const freshness = z.object({
  p50Ms: z.number().nullable(), p99Ms: z.number().nullable(), maxMs: z.number().nullable(), observations: int, windowMs: z.number().nullable(), source: z.string(),
  budget: z.array(z.object({ stage: z.string(), p50Ms: z.number().nullable(), p99Ms: z.number().nullable(), observations: int })),
}).openapi('FreshnessFigures');
const deadLetters = z.object({ topic: z.string(), exists: z.boolean(), count: int }).openapi('DeadLetterFigures');

/** What GET /ops/lag answers; the int test parses a real report with it. */
export const lagReportSchema: z.ZodType<LagReport> = z.object({
  asOf: z.iso.datetime(),
  status: health,
  stages: z.object({
    slot: stage(slot), connector: stage(connector), kafka: stage(group), dirty: stage(dirty), events: stage(z.array(group)), routing: stage(routing),
    elasticsearch: stage(indexes), freshness: stage(freshness), deadLetters: stage(deadLetters),
  }),
}).openapi('LagReport');

const nullableNumber = z.number().nullable();
const point: z.ZodType<ChartPoint> = z.object({
  at: z.iso.datetime(), status: health, slotLagBytes: nullableNumber, retainedWalBytes: nullableNumber, resolveLag: nullableNumber,
  dirtyBacklog: nullableNumber, freshnessP99Ms: nullableNumber, fanOutP99: nullableNumber, deadLetters: nullableNumber,
  throughput: z.object({
    slot: nullableNumber, connector: nullableNumber, kafka: nullableNumber, dirty: nullableNumber, events: nullableNumber, routing: nullableNumber,
    elasticsearch: nullableNumber, freshness: nullableNumber, deadLetters: nullableNumber,
  }),
}).openapi('ChartPoint');

const hit: z.ZodType<SearchHit> = z.object({ projection: z.string(), id: z.string(), score: z.number().nullable(), summary: z.record(z.string(), z.unknown()) });

const measurement = z.object({
  projection: z.string(), at: z.iso.datetime(), index: z.string(), docs: int,
  seconds: z.number().openapi({ description: 'The whole rebuild: prepare, load, verify, swap' }),
  loadSeconds: z.number().openapi({ description: 'Snapshot read, hydration and bulk load only' }),
  docsPerSecond: z.number().openapi({ description: 'docs / seconds' }),
}).openapi('RebuildMeasurement');
const nullableDoc = (description: string) => z.number().nullable().openapi({ description });

/** What GET /ops/capacity answers; the int test parses a real report with it. */
export const capacityReportSchema: z.ZodType<CapacityReport> = z.object({
  asOf: z.iso.datetime(),
  projections: z.array(z.object({
    projection: z.string(), alias: z.string(), index: z.string().nullable().openapi({ description: 'Behind the alias; null when there is none' }),
    docs: nullableInt.openapi({ description: 'Top-level documents (the count API)' }),
    primaryBytes: nullableDoc('Store size of the primary shards'),
    totalBytes: nullableDoc('Store size of primaries and replicas'),
    bytesPerDoc: nullableDoc('primaryBytes / docs; null without documents'),
    postgresBytes: nullableDoc('Sum of pg_total_relation_size over postgresTables (whole tables, shared with other projections)'),
    postgresTables: z.array(z.object({ table: z.string(), bytes: nullableInt })).openapi({ description: 'The root table, then every table the declaration reads' }),
    rebuild: z.object({
      measured: measurement.nullable(),
      expectedSeconds: nullableDoc('docs / measured.docsPerSecond; null without a measured rebuild'),
      note: z.string().openapi({ description: 'Where the estimate comes from, or "no rebuild measured yet"' }),
    }),
    unavailable: z.array(z.string()),
  })),
  catchUp: z.object({
    docsPerSecond: nullableDoc('Highest Elasticsearch write rate seen while the projector was behind; null when it was not behind'),
    recordsPerSecond: nullableDoc('CDC records consumed per second at that moment'),
    observedAt: z.iso.datetime().nullable(),
    behind: nullableDoc('Records and dirty keys waiting at that moment'),
    source: z.string(),
  }),
}).openapi('CapacityReport');

const access: ErrorStatus[] = [401, 403, 429];

export function createOpsOpenApi(projections: readonly string[]): unknown {
  const { registry, document } = createOpenApi({ title: 'Sluice operations API', version: '1.0.0', description: 'Lag per pipeline stage, history and the console.' });
  const ok = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
  registry.registerPath({
    method: 'get', path: '/ops/lag', operationId: 'getLag', summary: 'Lag and status per stage', tags: ['ops'],
    responses: { 200: ok(lagReportSchema, 'The newest report'), ...errorResponses(access) },
  });
  registry.registerPath({
    method: 'get', path: '/ops/history', operationId: 'getHistory', summary: 'Recent points for charts', tags: ['ops'],
    responses: { 200: ok(z.object({ points: z.array(point) }), 'Points, oldest first'), ...errorResponses(access) },
  });
  registry.registerPath({
    method: 'get', path: '/ops/capacity', operationId: 'getCapacity', summary: 'Size, expected rebuild time and catch-up throughput per projection', tags: ['ops'],
    responses: { 200: ok(capacityReportSchema, 'Measured on request'), ...errorResponses(access) },
  });
  registry.registerPath({
    method: 'get', path: '/ops/projections', operationId: 'listProjections', summary: 'The registered projections, by name', tags: ['ops'],
    responses: {
      200: {
        ...ok(z.object({ items: z.array(z.enum(projections as [string, ...string[]])) }), 'Names, as /ops/search takes them'),
        // The console's own path: pick a projection from this list, then search it.
        links: { SearchProjection: { operationId: 'searchProjections', parameters: { projection: '$response.body#/items/0' }, description: 'Search the first projection listed' } },
      },
      ...errorResponses(access),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/ops/search',
    operationId: 'searchProjections',
    summary: 'simple_query_string over the projection aliases (at most 10 hits)',
    tags: ['ops'],
    request: { query: searchParams(projections) },
    responses: { 200: ok(z.object({ items: z.array(hit) }), 'Hits with summary fields'), ...errorResponses([400, ...access, 503]) },
  });
  registry.registerPath({
    method: 'get', path: '/console', operationId: 'getConsole', summary: 'The console web page (asks for the ops key)', tags: ['ops'], security: [],
    responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } },
  });
  return document();
}
