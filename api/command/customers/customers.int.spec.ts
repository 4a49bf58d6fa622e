import { randomUUID } from 'node:crypto';
import { startCommandApp, uniqueEmail, type CommandClient } from '../../../testkit/commandApp.js';

let api: CommandClient;
beforeAll(async () => void (api = await startCommandApp()));
afterAll(async () => api.close());

describe('customer commands', () => {
  it('registers a customer (201) and stores it as sent', async () => {
    const email = uniqueEmail();
    const res = await api.send('register-customer', { name: 'Ada', email, city: 'Paris', tier: 'gold' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), version: 1, position: expect.stringMatching(/^v1\./) });
    const { rows } = await api.pool.query('SELECT name, email, city, tier, version FROM customers WHERE id = $1', [res.body.id]);
    expect(rows[0]).toEqual({ name: 'Ada', email, city: 'Paris', tier: 'gold', version: 1 });
  });

  it('rejects a second registration with the same email in another case: 409 email-taken', async () => {
    const email = uniqueEmail();
    expect((await api.send('register-customer', { name: 'A', email })).status).toBe(201);
    const again = await api.send('register-customer', { name: 'B', email: email.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(again.body).toMatchObject({ status: 409, code: 'email-taken' });
  });

  it('changes details, bumps version and updated_at, honours expectedVersion', async () => {
    const { body } = await api.send('register-customer', { name: 'Cy', email: uniqueEmail() });
    const before = await api.pool.query('SELECT updated_at FROM customers WHERE id = $1', [body.id]);
    const changed = await api.send('change-customer-details', { customerId: body.id, tier: 'platinum', city: 'Rome', expectedVersion: 1 });
    expect(changed).toMatchObject({ status: 200, body: { id: body.id, version: 2 } });
    const { rows } = await api.pool.query('SELECT tier, city, version, updated_at FROM customers WHERE id = $1', [body.id]);
    expect(rows[0]).toMatchObject({ tier: 'platinum', city: 'Rome', version: 2 });
    expect(rows[0].updated_at.getTime()).toBeGreaterThan(before.rows[0].updated_at.getTime());
    const stale = await api.send('change-customer-details', { customerId: body.id, name: 'X', expectedVersion: 1 });
    expect(stale.body).toMatchObject({ status: 409, code: 'version-conflict' });
  });

  it('refuses to take another customer email: 409 email-taken', async () => {
    const taken = uniqueEmail();
    await api.send('register-customer', { name: 'D', email: taken });
    const { body } = await api.send('register-customer', { name: 'E', email: uniqueEmail() });
    expect((await api.send('change-customer-details', { customerId: body.id, email: taken })).body).toMatchObject({ code: 'email-taken' });
  });

  it('answers 404 for an unknown customer and 400 for an empty change', async () => {
    expect((await api.send('change-customer-details', { customerId: randomUUID(), name: 'Z' })).status).toBe(404);
    const empty = await api.send('change-customer-details', { customerId: randomUUID() });
    expect(empty.status).toBe(400);
  });
});
