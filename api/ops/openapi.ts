// The operations service's OpenAPI document. The report is described loosely (its figures grow with the stack);
// the search parameters use the very schema that validates them.
import { z } from 'zod';
import { createOpenApi, problemResponse } from '../http/openapi.js';
import { searchParams } from './routes.js';

const health = z.enum(['ok', 'degraded', 'failing']);
const stage = z.object({
  status: health,
  reasons: z.array(z.string()),
  throughput: z.object({ value: z.number().nullable(), unit: z.string() }),
  figures: z.record(z.string(), z.unknown()).nullable(),
  unavailable: z.string().optional(),
});
const report = z
  .object({
    asOf: z.string(),
    status: health,
    stages: z.object({ slot: stage, connector: stage, kafka: stage, dirty: stage, elasticsearch: stage, freshness: stage, deadLetters: stage }),
  })
  .openapi('LagReport');

const denied = { 401: problemResponse('Missing or unknown API key'), 403: problemResponse('API key without the ops scope'), 429: problemResponse('Rate limited') };

export function createOpsOpenApi(projections: readonly string[]): unknown {
  const { registry, document } = createOpenApi({ title: 'Sluice operations API', version: '1.0.0', description: 'Lag per pipeline stage, history and the console.' });
  const ok = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
  registry.registerPath({ method: 'get', path: '/ops/lag', summary: 'Lag and status per stage', tags: ['ops'], responses: { 200: ok(report, 'The newest report'), ...denied } });
  registry.registerPath({ method: 'get', path: '/ops/history', summary: 'Recent points for charts', tags: ['ops'], responses: { 200: ok(z.object({ points: z.array(z.unknown()) }), 'Points, oldest first'), ...denied } });
  registry.registerPath({
    method: 'get',
    path: '/ops/search',
    summary: 'simple_query_string over the projection aliases (at most 10 hits)',
    tags: ['ops'],
    request: { query: searchParams(projections) },
    responses: { 200: ok(z.object({ items: z.array(z.unknown()) }), 'Hits with summary fields'), 400: problemResponse('Invalid parameters'), 503: problemResponse('Elasticsearch unavailable'), ...denied },
  });
  registry.registerPath({ method: 'get', path: '/console', summary: 'The console web page (asks for the ops key)', tags: ['ops'], security: [], responses: { 200: { description: 'HTML' } } });
  return document();
}
