// The workload's model (chaos/model.ts) is the oracle's independent account of the store: these pin the fold so a
// lost or reordered commit shows as a gap or a different state, and the verdict names each failed pass condition.
import { createVersionWatch } from './esModel.js';
import { foldModel, type Effect } from './model.js';
import { failuresOf } from './verdict.js';
import type { Acknowledged } from './workload.js';

const catalogue = {
  customers: [{ id: 'c1', name: 'Ann' }],
  products: [
    { id: 'p1', name: 'Pen', price: 100 },
    { id: 'p2', name: 'Ink', price: 250 },
  ],
};
let xid = 1000;
const ack = (
  aggregate: Acknowledged['aggregate'],
  id: string,
  version: number,
  effect: Effect,
): Acknowledged => ({
  command: effect.kind,
  aggregate,
  id,
  version,
  xid: String(xid++),
  effect,
  key: `k${xid}`,
  sentAt: 0,
  at: 0,
});

describe('the workload model', () => {
  const placed = ack('orders', 'o1', 1, { kind: 'place', customerId: 'c1', lines: [['p1', 2]] });

  it('folds an order in version order, whatever order the answers came in', () => {
    const ledger = [
      ack('orders', 'o1', 3, { kind: 'status', status: 'paid' }),
      placed,
      ack('orders', 'o1', 2, { kind: 'add-line', productId: 'p2', quantity: 1 }),
    ];
    const m = foldModel(ledger, catalogue, 1000);
    expect(m.orders.get('o1')).toMatchObject({
      status: 'paid',
      version: 3,
      totalCents: 450,
      customerId: 'c1',
    });
    expect(m.customers.get('c1')).toMatchObject({
      orderCount: 1,
      lifetimeValueCents: 450,
      unitsPurchased: 3,
      version: 1,
    });
    // Every stock move bumps the product's version; sales count only paid or shipped orders.
    expect(m.products.get('p1')).toMatchObject({ stock: 998, version: 2, unitsSold: 2, revenueCents: 200 });
    expect(m.products.get('p2')).toMatchObject({ stock: 999, version: 2, unitsSold: 1 });
    expect(m.gaps).toEqual([]);
  });

  it('a cancel returns the stock and takes the order out of the sales', () => {
    const m = foldModel(
      [placed, ack('orders', 'o1', 2, { kind: 'status', status: 'cancelled' })],
      catalogue,
      1000,
    );
    expect(m.products.get('p1')).toMatchObject({ stock: 1000, version: 3, unitsSold: 0 });
    expect(m.customers.get('c1')).toMatchObject({ orderCount: 1, lifetimeValueCents: 0 });
  });

  it('a version the ledger skips is a gap: something committed that no acknowledgement accounts for', () => {
    const m = foldModel(
      [
        placed,
        ack('orders', 'o1', 3, { kind: 'status', status: 'paid' }),
        ack('customers', 'c1', 3, { kind: 'rename', name: 'Bo' }),
      ],
      catalogue,
      1000,
    );
    expect(m.gaps).toHaveLength(2);
  });
});

describe('the version watch', () => {
  it('reports a document whose version went down, not one that stayed or rose', () => {
    const w = createVersionWatch();
    w.see('orders/o1', 3);
    w.see('orders/o1', 3);
    w.see('orders/o1', 4);
    expect(w.backwards()).toEqual([]);
    w.see('orders/o1', 2);
    expect(w.backwards()).toEqual(['orders/o1 went from version 4 to 2']);
  });

  it('does not compare a reading with one answered after it was issued (overlapping requests)', () => {
    const w = createVersionWatch();
    const slowIssued = w.tick(); // a sampler request, issued first and answered last
    const fastIssued = w.tick();
    w.see('orders/o1', 3, fastIssued, w.tick());
    w.see('orders/o1', 1, slowIssued, w.tick());
    expect(w.backwards()).toEqual([]);
    // A reading issued after version 3 was answered must not go below it.
    const later = w.tick();
    w.see('orders/o1', 2, later, w.tick());
    expect(w.backwards()).toEqual(['orders/o1 went from version 3 to 2']);
  });
  it('with replicas, forgives a dip only once a later reading is back at the highest version seen (dirty reads)', () => {
    const w = createVersionWatch({ dirtyReads: true });
    w.see('orders/o1', 5); // applied by a primary that then died, never acknowledged
    w.see('orders/o1', 4); // the promoted replica
    expect(w.backwards()).toEqual(['orders/o1 went from version 5 to 4']);
    w.see('orders/o1', 6); // the projector's retry, from a fresher snapshot
    expect(w.backwards()).toEqual([]);
    w.see('orders/o2', 7);
    w.see('orders/o2', 3);
    w.see('orders/o2', 6); // climbing, but never back to 7: the version seen is lost
    expect(w.backwards()).toEqual(['orders/o2 went from version 7 to 6']);
    const strict = createVersionWatch();
    strict.see('orders/o1', 5);
    strict.see('orders/o1', 4);
    strict.see('orders/o1', 6);
    expect(strict.backwards()).toEqual(['orders/o1 went from version 5 to 4']);
  });
});

describe('the verdict', () => {
  const clean = {
    missing: [],
    extra: [],
    stale: [],
    behind: [],
    wrong: [],
    resolvedCommitted: 0,
    resolvedAbsent: 0,
    uncommitted: [],
    ledgerMismatches: [],
    backwards: [],
    convergedMs: 1,
    lagDrained: true,
    connectorRunning: true,
    deadLettersAdded: 0,
    errors: [],
  };
  const figures = { sent: 1, acknowledged: 1, refused: 0, unavailable: 0, serverErrors: 0 };
  const evidence = { acknowledgedAfterHeal: 1, pidChanges: [], effect: 'statement ran' };

  it('passes only a row with nothing found', () => expect(failuresOf(clean, figures, evidence)).toEqual([]));

  it('names every pass condition that fails', () => {
    const failures = failuresOf(
      {
        ...clean,
        lagDrained: false,
        connectorRunning: false,
        errors: ['Elasticsearch: down'],
        ledgerMismatches: ['x'],
      },
      { ...figures, serverErrors: 1 },
      { acknowledgedAfterHeal: 0, pidChanges: ['ops pid 1 -> 2'], effect: '' },
    );
    expect(failures).toEqual([
      'ledger',
      '5xx',
      'lag',
      'connector',
      'no-ack-after-heal',
      'pid',
      'no-effect',
      'oracle-error',
    ]);
  });
});
