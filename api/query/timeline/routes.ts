// The order timeline slice: GET /order-timelines (filters, facets, paging) and GET /order-timelines/:id, over the
// read model the projector builds from the domain events (docs/events.md). Read-your-writes is not offered here
// yet: the progress tracker follows the table-change path only, so a position token is refused with a 400 instead
// of a wait that could only end in a timeout.
import type { RequestHandler, Router } from 'express';
import { ValidationError } from '../../../lib/errors.js';
import { uuid } from '../params.js';
import { getRoute, listRoute, type QueryContext } from '../queryRoute.js';
import { buildTimelineSearch, TIMELINE_ALIAS, TIMELINE_FACETS, timelineSearchSchema, timelineSort } from './search.js';

const noPosition: RequestHandler = (req, _res, next) => {
  const given = req.query['minPosition'] !== undefined ? 'minPosition' : req.get('x-min-position') !== undefined ? 'X-Min-Position' : undefined;
  next(given ? new ValidationError(`the order timeline does not support read-your-writes yet; read without ${given}`, [{ path: given, message: 'not supported on this route' }]) : undefined);
};

export const timelineRoutes = (ctx: QueryContext): Router[] => {
  const timelineCtx: QueryContext = { ...ctx, access: [...ctx.access, noPosition] };
  return [
    listRoute(timelineCtx, { path: '/order-timelines', projection: TIMELINE_ALIAS, schema: timelineSearchSchema, sort: timelineSort, build: buildTimelineSearch, facets: TIMELINE_FACETS }),
    getRoute(timelineCtx, '/order-timelines/:id', TIMELINE_ALIAS, uuid, 'order timeline'),
  ];
};
