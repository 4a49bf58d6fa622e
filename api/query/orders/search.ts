// GET /orders: validated parameters -> Elasticsearch request body. Pure: no driver, no I/O.
// Free text covers the customer's name and email and each line's product name and sku (lines are nested, so
// their part is a nested query). Facets: status and the order's categories.
import { z } from 'zod';
import type { SortValue } from '../cursor.js';
import { listBody, sortSpec, termsFacet, type Body } from '../list.js';
import { cents, consistencyParams, cursor, isoTime, keyword, pageSize, q, sortParam, uuid } from '../params.js';
import { present, range, term, textQuery } from '../text.js';

export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'cancelled'] as const;
export const ORDER_SORTS = ['placedAt:desc', 'placedAt:asc', 'totalCents:desc', 'totalCents:asc', 'itemCount:desc', 'itemCount:asc'] as const;
const SORT_FIELDS = { placedAt: 'placedAt', totalCents: 'totalCents', itemCount: 'itemCount' };
export const ORDER_FACETS = ['status', 'category'] as const;

export const orderSearchSchema = z.strictObject({
  q: q.optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  customerId: uuid.optional(),
  productId: uuid.optional(),
  category: keyword.optional(),
  placedFrom: isoTime.optional(),
  placedTo: isoTime.optional(),
  minTotalCents: cents.optional(),
  maxTotalCents: cents.optional(),
  size: pageSize,
  sort: sortParam(ORDER_SORTS, 'placedAt:desc'),
  cursor: cursor.optional(),
  ...consistencyParams,
});

export type OrderSearch = z.output<typeof orderSearchSchema>;

export const orderSort = (p: Pick<OrderSearch, 'sort'>) => sortSpec(p.sort, SORT_FIELDS);

function orderText(text: string): Body {
  return {
    bool: {
      should: [textQuery(text, ['customer.name', 'customer.email']), { nested: { path: 'lines', query: textQuery(text, ['lines.name', 'lines.sku']) } }],
      minimum_should_match: 1,
    },
  };
}

export function buildOrderSearch(p: OrderSearch, after?: readonly SortValue[]): Body {
  const filters = present<Body>([
    p.status && term('status', p.status),
    p.customerId && term('customer.id', p.customerId),
    p.productId && { nested: { path: 'lines', query: term('lines.productId', p.productId) } },
    p.category && term('categories', p.category),
    range('placedAt', { gte: p.placedFrom, lt: p.placedTo }),
    range('totalCents', { gte: p.minTotalCents, lte: p.maxTotalCents }),
  ]);
  return listBody({
    filters,
    must: p.q ? [orderText(p.q)] : [],
    sort: orderSort(p),
    size: p.size,
    after,
    facets: { status: termsFacet('status', ORDER_STATUSES.length), category: termsFacet('categories', 50) },
  });
}
