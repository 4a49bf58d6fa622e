import { frozenFrom, PROJECTION_FROZEN, PROJECTION_FROZEN_INFO } from '../../api/ops/adapters/metrics/metricsScrape.js';
import { PROJECTION_FROZEN as EXPORTED, PROJECTION_FROZEN_INFO as EXPORTED_INFO, createFrozenState, createMetrics } from '../../projector/operations.js';
import { unfreezeCommand } from '../../model/frozen.js';

describe('frozen projections from the projector metrics', () => {
  it('reads the projections whose gauge is 1, sorted; without the info series, index and difference are unknown', () => {
    const text = [
      `# HELP ${PROJECTION_FROZEN} 1 while a projection is frozen`,
      `# TYPE ${PROJECTION_FROZEN} gauge`,
      `${PROJECTION_FROZEN}{projection="products"} 1`,
      `${PROJECTION_FROZEN}{projection="customers"} 0`,
      `${PROJECTION_FROZEN}{projection="orders"} 1`,
    ].join('\n');
    expect(frozenFrom(text)).toEqual([
      { projection: 'orders', index: null, difference: null },
      { projection: 'products', index: null, difference: null },
    ]);
  });

  it('given the projector exports the details, then each frozen projection comes with its index and difference, unescaped', async () => {
    const metrics = createMetrics();
    const state = createFrozenState(metrics);
    state.set('orders', { index: 'orders_v1', difference: 'changed status; added "channel"' });
    state.set('customers', undefined);
    expect(frozenFrom(await metrics.registry.metrics())).toEqual([{ projection: 'orders', index: 'orders_v1', difference: 'changed status; added "channel"' }]);
  });

  it('given the projector exports the declared version, then it comes along and names the command that works', async () => {
    const metrics = createMetrics();
    createFrozenState(metrics).set('products', { index: 'products_v1', difference: 'removed legacy_code', declared: 1 });
    const [frozen] = frozenFrom(await metrics.registry.metrics());
    expect(frozen).toEqual({ projection: 'products', index: 'products_v1', difference: 'removed legacy_code', declared: 1 });
    expect(unfreezeCommand(frozen!.projection, frozen)).toBe('sluice rebuild products --version 2');
  });

  it('given a projector without the gauge (older), then nothing is frozen rather than an error', () =>
    expect(frozenFrom('sluice_projector_dirty_produced_total{projection="orders"} 3')).toEqual([]));

  it('reads the names the projector exports', () => {
    expect(PROJECTION_FROZEN).toBe(EXPORTED);
    expect(PROJECTION_FROZEN_INFO).toBe(EXPORTED_INFO);
  });
});
