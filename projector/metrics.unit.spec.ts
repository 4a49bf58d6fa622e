import { createMetrics, frozenProjections, readyAnswer } from './metrics.js';

describe('the frozen gauge', () => {
  it('names the projections set to 1, and forgets one set back to 0', async () => {
    const metrics = createMetrics();
    metrics.projectionFrozen.set({ projection: 'orders' }, 1);
    metrics.projectionFrozen.set({ projection: 'customers' }, 0);
    metrics.projectionFrozen.set({ projection: 'products' }, 1);
    expect(await frozenProjections(metrics)).toEqual(['orders', 'products']);
    metrics.projectionFrozen.set({ projection: 'orders' }, 0);
    expect(await frozenProjections(metrics)).toEqual(['products']);
    expect(await metrics.registry.metrics()).toContain('sluice_projector_projection_frozen{projection="products"} 1');
  });
});

describe('/ready', () => {
  it('is 503 while starting, frozen or not', () => expect(readyAnswer(false, ['orders'])).toEqual({ status: 503, body: { status: 'starting' } }));

  it('stays 200 with a frozen projection, and names it with the fix', () =>
    expect(readyAnswer(true, ['orders'])).toEqual({
      status: 200,
      body: { status: 'ready', frozen: [{ projection: 'orders', reason: 'projection orders is frozen: its mapping differs from the declaration; run `sluice rebuild orders`' }] },
    }));

  it('is plain ready when nothing is frozen', () => expect(readyAnswer(true, [])).toEqual({ status: 200, body: { status: 'ready' } }));
});
