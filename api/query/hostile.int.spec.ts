// docs/reliability.md T33-T36 on every route: hostile parameters are a 4xx problem+json, never a 500, against real
// Elasticsearch (scratch indexes with the projector's mappings).
import { useScratchQueryApp } from '../../testkit/queryApp.js';

const app = useScratchQueryApp('qh');

// 1,500 terms still fit Node's 16 KB header limit, so they reach validation; 10,000 terms are refused by Node itself.
const bomb = Array.from({ length: 1_500 }, (_, i) => `t${i}`).join(' ');
const label = (query: string) => (query.length > 60 ? `${query.slice(0, 40)}... (${query.length} chars)` : query);
const common = [
  'size=100000', 'size=-1', 'size=NaN', 'size=1e9', 'size=', 'from=9995&size=10', 'page=1e9', 'script=x', 'script_fields=x', 'aggs[x]=1',
  '_source=secret', 'runtime_mappings=x', 'index=customers', 'preference=x', 'explain=true', 'profile=true', 'waitMs=10001', 'waitMs=-5',
  'minPosition=garbage', `q=${encodeURIComponent(bomb)}`, `q=${'x'.repeat(300)}`, 'q=a&q=b', 'cursor=zzz', `cursor=${'A'.repeat(5000)}`, 'sort=id;DELETE',
];
const routes: Record<string, string[]> = {
  '/orders': [...common, 'status=weird', 'customerId=1', 'productId=x', 'placedFrom=yesterday', 'minTotalCents=-1', 'maxTotalCents=1.5', 'sort=customer.email:asc'],
  '/customers': [...common, 'tier=diamond', 'minLifetimeValueCents=abc', 'sort=email:asc'],
  '/products': [...common, 'inStock=maybe', 'sort=stock:asc'],
  '/reports/sales': [
    'from=2026-01-01T00:00:00Z&to=2036-01-01T00:00:00Z&interval=hour', 'from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&interval=1s',
    'from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z&interval=day', 'from=x&to=y&interval=day', 'interval=day',
    'from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&interval=day&groupBy=customer', 'from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&interval=day&facetSize=1000000',
  ],
  '/reports/top-customers': ['size=101', 'size=0', 'by=revenue', 'script=x'],
  '/reports/top-products': ['size=1000', 'by=profit', 'aggs=x'],
  '/orders/not-a-uuid': [''],
  '/customers/1%27%20OR%201=1': [''],
  '/products/00000000-0000-0000-0000-000000000000': ['waitMs=99999', 'x=1'],
};

describe.each(Object.entries(routes))('GET %s with hostile input', (route, queries) => {
  it.each(queries.map((query) => [label(query), query]))('%s -> 4xx problem+json', async (_label, query) => {
    const res = await app().get(`${route}?${query}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+|elasticsearch_exception|stack/i);
  });
});

it('a 10,000-term q is refused before it reaches the app (431), never a 5xx', async () => {
  const q = Array.from({ length: 10_000 }, (_, i) => `t${i}`).join(' ');
  expect((await app().get(`/orders?q=${encodeURIComponent(q)}`)).status).toBe(431);
});
