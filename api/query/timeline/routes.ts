// The order timeline slice: GET /order-timelines (filters, facets, paging) and GET /order-timelines/:id, over the
// read model the projector builds from the domain events (docs/events.md). Read-your-writes as on every read: the
// projector publishes the timeline's progress from its consumer group and the outbox connector
// (projector/progress/eventTracker.ts), so a position token waits until the command's events are folded.
import type { Router } from 'express';
import { uuid } from '../params.js';
import { getRoute, listRoute, type QueryContext } from '../queryRoute.js';
import { buildTimelineSearch, TIMELINE_ALIAS, TIMELINE_FACETS, timelineSearchSchema, timelineSort } from './search.js';

export const timelineRoutes = (ctx: QueryContext): Router[] => [
  listRoute(ctx, { path: '/order-timelines', projection: TIMELINE_ALIAS, schema: timelineSearchSchema, sort: timelineSort, build: buildTimelineSearch, facets: TIMELINE_FACETS }),
  getRoute(ctx, '/order-timelines/:id', TIMELINE_ALIAS, uuid, 'order timeline'),
];
