// The shape of the hydration SQL that keeps a small document cheap: aggregates over one path share one LATERAL
// subquery driven by the parent's key, further hops are fenced (OFFSET 0) so each is an index lookup per row, and
// latest-of is ORDER BY ... DESC LIMIT 1. The values are those of the plain aggregates (projector e2e and the cost
// benchmark's store compare them).
import { customersProjection } from './customers/customers.js';
import { productsProjection } from './products/products.js';
import { fieldHydrationSql, hydrationSql } from './sql.js';

describe('hydration SQL shape', () => {
  // Recomputed: the incremental aggregates read as verify reads them (live, they come from summary rows, summary.unit.spec.ts).
  const customers = hydrationSql(customersProjection, { recompute: true });

  it('aggregates over the same path share one LATERAL subquery driven by the root key', () => {
    expect(customers.match(/LEFT JOIN LATERAL \(SELECT count\(\*\) AS v0, coalesce\(sum\(t1\.total_cents\)[^)]*\)[^)]*\), 0\) AS v1 FROM orders t1 WHERE t1\.customer_id = r\.id\) t2 ON true/)).not.toBeNull();
    expect(hydrationSql(productsProjection, { recompute: true }).match(/LEFT JOIN LATERAL/g)).toHaveLength(1);
  });

  it('a further hop is a fenced subquery per row reached, never a join the planner may turn into a table scan', () =>
    expect(customers).toContain('FROM orders t3 CROSS JOIN LATERAL (SELECT * FROM order_lines x WHERE x.order_id = t3.id OFFSET 0) t4 WHERE t3.customer_id = r.id'));

  it('latest-of reads the newest row through ORDER BY ... DESC LIMIT 1, NULLs left out as max() leaves them', () =>
    expect(customers).toContain('FROM orders t6 WHERE t6.customer_id = r.id AND t6.placed_at IS NOT NULL ORDER BY t6.placed_at DESC LIMIT 1)'));

  it('one field alone hydrates with its root row only', () => {
    const sql = fieldHydrationSql(customersProjection, 'lastOrderAt');
    expect(sql).toContain("'lastOrderAt'");
    expect(sql).not.toContain("'orderCount'");
    expect(() => fieldHydrationSql(customersProjection, 'nope')).toThrow('no field nope');
  });
});
