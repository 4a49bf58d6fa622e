// HTTP glue shared by every read: strict query validation -> optional read-your-writes wait -> one Elasticsearch
// request -> response with freshness. Routes only describe their schema, builder and response shape.
import { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { NotFoundError } from '../../lib/errors.js';
import { sendJson } from '../http/json.js';
import { problem, sendProblem } from '../http/problem.js';
import { parseOrThrow } from '../http/fieldRules.js';
import type { Consistency, ReadKind } from './consistency.js';
import { ConsistencyTimeoutError, TooManyWaitersError } from './consistency.js';
import { decodeCursor, type SortValue } from './cursor.js';
import { listPage, type Body, type SearchResult, type SortSpec } from './list.js';
import { consistencyParams, positionToken, uuid } from './params.js';
import type { ProjectionName, ReadStore } from './ports.js';
import { z } from 'zod';

export interface QueryContext {
  store: ReadStore;
  consistency: Consistency;
  /** Authentication and rate limiting, run before anything else. */
  access: RequestHandler[];
}

type Consistent = { minPosition?: string | undefined; waitMs: number };

const minPositionHeader = z.object({ 'x-min-position': positionToken.optional() });

async function prepare<S extends z.ZodType<Consistent>>(ctx: QueryContext, req: Request, schema: S, projection: string, kind: ReadKind = 'search'): Promise<z.output<S>> {
  const params = parseOrThrow(schema, req.query, 'query string');
  // The header is checked even when the parameter wins: a malformed one is a client bug either way, and the
  // document promises a 400 for it.
  const { 'x-min-position': header } = parseOrThrow(minPositionHeader, { 'x-min-position': req.get('x-min-position') }, 'X-Min-Position header');
  const token = params.minPosition ?? header;
  if (token !== undefined) await ctx.consistency.waitFor(projection, token, params.waitMs, kind);
  return params;
}

type Paged = z.ZodType<Consistent & { cursor?: string | undefined; size: number }>;

/** `N`: a registered projection by default (checked by the compiler); derived routes pass any served one. */
export interface ListDefinition<S extends Paged, N extends string = ProjectionName> {
  path: string;
  projection: N;
  schema: S;
  sort: (params: z.output<S>) => SortSpec;
  build: (params: z.output<S>, after?: readonly SortValue[]) => Body;
  facets: readonly string[];
}

export function listRoute<S extends Paged, N extends string = ProjectionName>(ctx: QueryContext, def: ListDefinition<S, N>): Router {
  return Router().get(def.path, ...ctx.access, async (req, res) => {
    const params = await prepare(ctx, req, def.schema, def.projection);
    const sort = def.sort(params);
    const after = params.cursor === undefined ? undefined : decodeCursor(params.cursor, sort.name, 2);
    // Freshness comes from a cached progress document; when the cache is stale its refresh runs alongside the search
    // instead of after it.
    const [result, freshness] = await Promise.all([ctx.store.search(def.projection, def.build(params, after)), ctx.consistency.freshness(def.projection)]);
    sendJson(res, 200, { ...listPage(result, sort, params.size, def.facets), freshness });
  });
}

export const byIdSchema = z.strictObject({ ...consistencyParams });

/** GET by id; `id` validates the path's id (the registered projections' ids are UUIDs), `noun` names a missing one. */
export function getRoute<N extends string = ProjectionName>(ctx: QueryContext, path: string, projection: N, id: z.ZodType<string> = uuid, noun = projection.slice(0, -1)): Router {
  const idParam = z.strictObject({ id });
  return Router().get(path, ...ctx.access, async (req, res) => {
    const { id } = parseOrThrow(idParam, req.params, 'path');
    // A get by id is realtime in Elasticsearch: an acknowledged write is enough, no refresh needed.
    await prepare(ctx, req, byIdSchema, projection, 'get');
    const doc = await ctx.store.get(projection, id);
    if (!doc) throw new NotFoundError(`no ${noun} with id ${id}`);
    sendJson(res, 200, doc);
  });
}

export interface ReportDefinition<S extends z.ZodType<Consistent>> {
  path: string;
  projection: ProjectionName;
  schema: S;
  build: (params: z.output<S>) => Body;
  respond: (result: SearchResult, params: z.output<S>) => object;
}

export function reportRoute<S extends z.ZodType<Consistent>>(ctx: QueryContext, def: ReportDefinition<S>): Router {
  return Router().get(def.path, ...ctx.access, async (req, res) => {
    const params = await prepare(ctx, req, def.schema, def.projection);
    const [result, freshness] = await Promise.all([ctx.store.search(def.projection, def.build(params)), ctx.consistency.freshness(def.projection)]);
    sendJson(res, 200, { ...def.respond(result, params), freshness });
  });
}

// The shared problem handler maps only 4xx and 503 precisely; a consistency timeout is a 504 with its own type, and
// a refused waiter a 503 that says why (not "a dependency is unavailable") and when to come back.
export const consistencyTimeouts: ErrorRequestHandler = (error, _req, res, next) => {
  if (error instanceof TooManyWaitersError) {
    res.setHeader('Retry-After', '1');
    return sendProblem(res, problem(503, error.code, error.message));
  }
  if (!(error instanceof ConsistencyTimeoutError)) return next(error);
  sendProblem(res, problem(504, 'consistency-timeout', error.message));
};

/** What serves one projection: its routes and the OpenAPI description of its list (derived/routes.ts builds it). */
export interface ListDoc {
  operationId: string;
  /** GET /<name>/{id}; list responses link to it. */
  getOperationId: string;
  getSummary: string;
  summary: string;
  query: z.ZodType;
  /** How the id in GET /<name>/{id} is validated. */
  id: z.ZodType<string>;
}

export interface Slice {
  name: string;
  routes: (ctx: QueryContext) => Router[];
  doc: ListDoc;
}
