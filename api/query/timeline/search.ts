// GET /order-timelines: validated parameters -> Elasticsearch request body over the event-built order timeline
// (projector/events). Pure. Facets: status and eventTypes. Read-your-writes as on every list (consistencyParams).
import { z } from 'zod';
import type { SortValue } from '../cursor.js';
import { listBody, sortSpec, termsFacet, type Body } from '../list.js';
import { bool, cents, consistencyParams, cursor, isoTime, keyword, pageSize, sortParam, uuid } from '../params.js';
import { present, range, term } from '../text.js';

export const TIMELINE_ALIAS = 'order_timeline';
export const TIMELINE_STATUSES = ['placed', 'paid', 'shipped', 'cancelled'] as const;
export const TIMELINE_SORTS = ['placedAt:desc', 'placedAt:asc', 'placedToShippedMs:desc', 'placedToShippedMs:asc', 'lastOccurredAt:desc'] as const;
const SORT_FIELDS = { placedAt: 'placedAt', placedToShippedMs: 'placedToShippedMs', lastOccurredAt: 'lastOccurredAt' };
export const TIMELINE_FACETS = ['status', 'eventTypes'] as const;

export const timelineSearchSchema = z
  .strictObject({
    status: z.enum(TIMELINE_STATUSES).optional(),
    customerId: uuid.optional(),
    cancelledAfterPayment: bool.optional(),
    eventType: keyword.optional().openapi({ description: 'Orders with at least one event of this type, e.g. OrderCancelled' }),
    placedFrom: isoTime.optional(),
    placedTo: isoTime.optional(),
    minPlacedToShippedMs: cents.optional(),
    maxPlacedToShippedMs: cents.optional(),
    size: pageSize,
    sort: sortParam(TIMELINE_SORTS, 'placedAt:desc'),
    cursor: cursor.optional(),
    ...consistencyParams,
  });

export type TimelineSearch = z.output<typeof timelineSearchSchema>;

export const timelineSort = (p: Pick<TimelineSearch, 'sort'>) => sortSpec(p.sort, SORT_FIELDS);

export function buildTimelineSearch(p: TimelineSearch, after?: readonly SortValue[]): Body {
  return listBody({
    filters: present<Body>([
      p.status && term('status', p.status),
      p.customerId && term('customerId', p.customerId),
      p.cancelledAfterPayment !== undefined && term('cancelledAfterPayment', p.cancelledAfterPayment),
      p.eventType && term('eventTypes', p.eventType),
      range('placedAt', { gte: p.placedFrom, lt: p.placedTo }),
      range('placedToShippedMs', { gte: p.minPlacedToShippedMs, lte: p.maxPlacedToShippedMs }),
    ]),
    must: [],
    sort: timelineSort(p),
    size: p.size,
    after,
    facets: { status: termsFacet('status', TIMELINE_STATUSES.length), eventTypes: termsFacet('eventTypes', 20) },
  });
}
