// GET /products: validated parameters -> Elasticsearch request body. Pure. Facet: category.
import { z } from 'zod';
import type { SortValue } from '../cursor.js';
import { listBody, sortSpec, termsFacet, type Body } from '../list.js';
import { bool, consistencyParams, cursor, keyword, pageSize, q, sortParam } from '../params.js';
import { present, range, term, textQuery } from '../text.js';

export const PRODUCT_SORTS = ['name:asc', 'name:desc', 'sku:asc', 'sku:desc', 'priceCents:asc', 'priceCents:desc', 'revenueCents:desc', 'unitsSold:desc'] as const;
const SORT_FIELDS = { name: 'name.keyword', sku: 'sku', priceCents: 'priceCents', revenueCents: 'revenueCents', unitsSold: 'unitsSold' };
export const PRODUCT_FACETS = ['category'] as const;

export const productSearchSchema = z.strictObject({
  q: q.optional(),
  category: keyword.optional(),
  inStock: bool.optional(),
  size: pageSize,
  sort: sortParam(PRODUCT_SORTS, 'name:asc'),
  cursor: cursor.optional(),
  ...consistencyParams,
});

export type ProductSearch = z.output<typeof productSearchSchema>;

export const productSort = (p: Pick<ProductSearch, 'sort'>) => sortSpec(p.sort, SORT_FIELDS);

export function buildProductSearch(p: ProductSearch, after?: readonly SortValue[]): Body {
  const stock = p.inStock === undefined ? undefined : p.inStock ? range('stock', { gte: 1 }) : range('stock', { lte: 0 });
  return listBody({
    filters: present<Body>([p.category && term('category', p.category), stock]),
    must: p.q ? [textQuery(p.q, ['name', 'sku', 'category'])] : [],
    sort: productSort(p),
    size: p.size,
    after,
    facets: { category: termsFacet('category', 50) },
  });
}
