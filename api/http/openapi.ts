// OpenAPI 3 generated from the very zod schemas that validate requests, so the document cannot drift. Shared here:
// the problem schema, every error status a route can answer with its headers, and the unauthenticated probes that
// createHttpApp serves on every process.
import { OpenAPIRegistry, OpenApiGeneratorV3, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export const problemSchema = z
  .object({
    type: z.url(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

const problemContent = { 'application/problem+json': { schema: problemSchema } };
const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' as const, minimum: 0 } } };

// What each status means across the three APIs (docs/http-api.md), and the headers the server sends with it.
const errors = {
  400: { description: 'Invalid request: `errors` names each offending field (body, query, path or header)' },
  401: { description: 'Missing or unknown API key', headers: { 'WWW-Authenticate': { description: 'Bearer realm="sluice"', schema: { type: 'string' as const } } } },
  403: { description: 'API key without the scope this route needs' },
  404: { description: 'No such aggregate or document' },
  409: { description: 'A business rule or expectedVersion refused the command (`code` says which)' },
  413: { description: 'Body too large' },
  415: { description: 'Body not application/json in UTF-8' },
  422: { description: 'Idempotency-Key reused with another command or body' },
  429: {
    description: 'Rate limited: this API key used its budget, or (requests without a valid key) this client address did',
    headers: { ...retryAfter, RateLimit: { description: 'IETF draft-8 RateLimit', schema: { type: 'string' as const } } },
  },
  503: { description: 'A dependency is unavailable; retry later', headers: retryAfter },
  504: { description: 'minPosition was not reached within waitMs (code consistency-timeout)' },
};
export type ErrorStatus = keyof typeof errors;

/** Problem responses for the given statuses; `descriptions` replaces the generic wording where a route says more. */
export const errorResponses = (statuses: readonly ErrorStatus[], descriptions: Partial<Record<ErrorStatus, string>> = {}) =>
  Object.fromEntries(statuses.map((status) => [status, { ...errors[status], description: descriptions[status] ?? errors[status].description, content: problemContent }]));

function registerProbes(registry: OpenAPIRegistry): void {
  const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
  // Open to callers without a key, within the per-address limit (hence 429).
  const probe = { tags: ['probes'], security: [] };
  const limited = errorResponses([429]);
  registry.registerPath({ ...probe, method: 'get', path: '/health', operationId: 'getHealth', summary: 'Liveness', responses: { 200: json(z.object({ status: z.literal('ok') }), 'The process runs'), ...limited } });
  registry.registerPath({
    ...probe, method: 'get', path: '/ready', operationId: 'getReady', summary: 'Readiness: the dependencies answer (checked at most once a second)',
    responses: { 200: json(z.object({ status: z.literal('ready') }), 'Ready'), ...errorResponses([429, 503], { 503: 'Not ready (code not-ready); the cause is logged, never answered' }) },
  });
  registry.registerPath({
    tags: ['probes'], method: 'get', path: '/metrics', operationId: 'getMetrics', summary: 'Prometheus metrics (a key with the ops scope)',
    responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } }, ...errorResponses([401, 403, 429]) },
  });
  registry.registerPath({ ...probe, method: 'get', path: '/openapi.json', operationId: 'getOpenApi', summary: 'This document', responses: { 200: json(z.record(z.string(), z.unknown()), 'OpenAPI 3 document'), ...limited } });
}

export function createOpenApi(info: OpenApiInfo) {
  const registry = new OpenAPIRegistry();
  registry.register('Problem', problemSchema);
  registry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'API key with the needed scope' });
  registerProbes(registry);
  const document = () =>
    new OpenApiGeneratorV3(registry.definitions).generateDocument({
      openapi: '3.0.3',
      info: { ...info },
      security: [{ apiKey: [] }],
    });
  return { registry, document };
}
