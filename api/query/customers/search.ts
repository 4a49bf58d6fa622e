// GET /customers: validated parameters -> Elasticsearch request body. Pure. Facets: tier and city.
import { z } from 'zod';
import type { SortValue } from '../cursor.js';
import { listBody, sortSpec, termsFacet, type Body } from '../list.js';
import { cents, consistencyParams, cursor, keyword, pageSize, q, sortParam } from '../params.js';
import { present, range, term, textQuery } from '../text.js';

export const TIERS = ['standard', 'gold', 'platinum'] as const;
export const CUSTOMER_SORTS = ['name:asc', 'name:desc', 'lifetimeValueCents:desc', 'lifetimeValueCents:asc', 'orderCount:desc', 'orderCount:asc'] as const;
const SORT_FIELDS = { name: 'name.keyword', lifetimeValueCents: 'lifetimeValueCents', orderCount: 'orderCount' };
export const CUSTOMER_FACETS = ['tier', 'city'] as const;

export const customerSearchSchema = z.strictObject({
  q: q.optional(),
  tier: z.enum(TIERS).optional(),
  city: keyword.optional(),
  minLifetimeValueCents: cents.optional(),
  size: pageSize,
  sort: sortParam(CUSTOMER_SORTS, 'name:asc'),
  cursor: cursor.optional(),
  ...consistencyParams,
});

export type CustomerSearch = z.output<typeof customerSearchSchema>;

export const customerSort = (p: Pick<CustomerSearch, 'sort'>) => sortSpec(p.sort, SORT_FIELDS);

export function buildCustomerSearch(p: CustomerSearch, after?: readonly SortValue[]): Body {
  return listBody({
    filters: present<Body>([
      p.tier && term('tier', p.tier),
      p.city && term('city.keyword', p.city),
      range('lifetimeValueCents', { gte: p.minLifetimeValueCents }),
    ]),
    must: p.q ? [textQuery(p.q, ['name', 'email', 'city'])] : [],
    sort: customerSort(p),
    size: p.size,
    after,
    facets: { tier: termsFacet('tier', TIERS.length), city: termsFacet('city.keyword', 50) },
  });
}
