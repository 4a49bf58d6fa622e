// Reading EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON): total buffers from the top node, each scan with its own buffers,
// rows over all loops, and a bitmap heap scan's index from the bitmap index scan below it.
import { planCost, scanLine } from './planCost.js';

const explained = [
  {
    Plan: {
      'Node Type': 'Nested Loop', 'Shared Hit Blocks': 20, 'Shared Read Blocks': 2,
      Plans: [
        { 'Node Type': 'Index Scan', 'Relation Name': 'customers', 'Index Name': 'customers_pkey', 'Actual Rows': 1, 'Actual Loops': 1, 'Shared Hit Blocks': 4 },
        {
          'Node Type': 'Bitmap Heap Scan', 'Relation Name': 'orders', 'Actual Rows': 3, 'Actual Loops': 2, 'Shared Hit Blocks': 10, 'Shared Read Blocks': 2,
          Plans: [{ 'Node Type': 'Bitmap Index Scan', 'Index Name': 'orders_customer_id_idx', 'Actual Rows': 3, 'Actual Loops': 2, 'Shared Hit Blocks': 4 }],
        },
      ],
    },
    'Execution Time': 0.5,
  },
];

describe('plan cost', () => {
  it('reads buffers, time and scans (text or parsed)', () => {
    const cost = planCost(JSON.stringify(explained));
    expect(cost.buffers).toBe(22);
    expect(cost.executionMs).toBe(0.5);
    expect(cost.scans.map(scanLine)).toEqual([
      'Index Scan on customers via customers_pkey: 1 rows in 1 loop(s), 4 buffers',
      'Bitmap Heap Scan on orders via orders_customer_id_idx: 6 rows in 2 loop(s), 8 buffers',
    ]);
  });

  it('refuses what is not an EXPLAIN result', () => expect(() => planCost([{}])).toThrow('not an EXPLAIN'));
});
