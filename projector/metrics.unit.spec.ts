import { createFrozenState, createMetrics, frozenProjections, readyAnswer } from './metrics.js';

describe('the frozen gauge', () => {
  it('lists the projections at 1, and drops one set back to 0', async () => {
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

describe('the frozen state', () => {
  it('given a projection frozen, then the gauge is 1 and the info series names the index and the difference', async () => {
    const metrics = createMetrics();
    const state = createFrozenState(metrics);
    state.set('orders', { index: 'orders_v1', difference: 'added channel' });
    state.set('customers', undefined);
    expect(state.list()).toEqual([{ projection: 'orders', index: 'orders_v1', difference: 'added channel' }]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('sluice_projector_projection_frozen{projection="orders"} 1');
    expect(text).toContain('sluice_projector_projection_frozen{projection="customers"} 0');
    expect(text).toContain('sluice_projector_projection_frozen_info{projection="orders",index="orders_v1",difference="added channel"} 1');
  });

  it('given the difference changes and then the state clears, then no stale info series is left', async () => {
    const metrics = createMetrics();
    const state = createFrozenState(metrics);
    state.set('orders', { index: 'orders_v1', difference: 'added channel' });
    state.set('orders', { index: 'orders_v2', difference: 'removed channel' });
    let text = await metrics.registry.metrics();
    expect(text).not.toContain('index="orders_v1"');
    expect(text).toContain('index="orders_v2",difference="removed channel"} 1');
    state.set('orders', undefined);
    text = await metrics.registry.metrics();
    expect(text).not.toContain('sluice_projector_projection_frozen_info{');
    expect(text).toContain('sluice_projector_projection_frozen{projection="orders"} 0');
    expect(state.list()).toEqual([]);
  });

  it('given a very long difference, then it is cut for the label', () => {
    const state = createFrozenState(createMetrics());
    state.set('orders', { index: 'orders_v1', difference: `added ${'x'.repeat(500)}` });
    expect(state.list()[0]?.difference).toHaveLength(160);
    expect(state.list()[0]?.difference.endsWith('…')).toBe(true);
  });
});

describe('/ready', () => {
  it('is 503 while starting, frozen or not', () =>
    expect(readyAnswer(false, [{ projection: 'orders', index: 'orders_v1', difference: 'added channel' }])).toEqual({ status: 503, body: { status: 'starting' } }));

  it('stays 200 with a frozen projection, and names it with why and the command that unfreezes it', () =>
    expect(readyAnswer(true, [{ projection: 'orders', index: 'orders_v1', difference: 'added channel' }])).toEqual({
      status: 200,
      body: {
        status: 'ready',
        frozen: [{
          projection: 'orders', index: 'orders_v1', difference: 'added channel', command: 'sluice rebuild orders',
          reason: 'projection orders is frozen: index orders_v1 has a different mapping from the declaration (added channel); run `sluice rebuild orders`',
        }],
      },
    }));

  it('is plain ready when nothing is frozen', () => expect(readyAnswer(true, [])).toEqual({ status: 200, body: { status: 'ready' } }));
});
