import { frozenFrom, PROJECTION_FROZEN } from './metricsScrape.js';
import { PROJECTION_FROZEN as EXPORTED } from '../../../../projector/metrics.js';

describe('frozen projections from the projector metrics', () => {
  it('reads the projections whose gauge is 1, sorted', () => {
    const text = [
      `# HELP ${PROJECTION_FROZEN} 1 while a projection is frozen`,
      `# TYPE ${PROJECTION_FROZEN} gauge`,
      `${PROJECTION_FROZEN}{projection="products"} 1`,
      `${PROJECTION_FROZEN}{projection="customers"} 0`,
      `${PROJECTION_FROZEN}{projection="orders"} 1`,
    ].join('\n');
    expect(frozenFrom(text)).toEqual(['orders', 'products']);
  });

  it('given a projector without the gauge (older), then nothing is frozen rather than an error', () =>
    expect(frozenFrom('sluice_projector_dirty_produced_total{projection="orders"} 3')).toEqual([]));

  it('reads the name the projector exports', () => expect(PROJECTION_FROZEN).toBe(EXPORTED));
});
