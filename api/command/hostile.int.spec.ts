// docs/reliability.md T37/T38: hostile input on every command is answered 4xx problem+json and leaves the database
// byte-for-byte unchanged. Runs on a scratch database so table checksums are not disturbed by other test files.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { createAdminPool, createScratchDatabase, tableChecksums, type ScratchDatabase } from '../../testkit/pg.js';
import { seed, startCommandApp, type CommandClient, type Reply } from '../../testkit/commandApp.js';

let db: ScratchDatabase;
let api: CommandClient;
let admin: pg.Pool; // the checksums read every table, which the writer may not (payments, shipments: insert only)
let templates: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  db = await createScratchDatabase('sluice_hostile');
  api = await startCommandApp({ database: db.name });
  admin = createAdminPool(db.name, 1);
  const { customerId, productIds } = await seed(api, [5, 5]);
  const [productId, other] = productIds as [string, string];
  const order = await api.send('place-order', { customerId, lines: [{ productId, quantity: 1 }, { productId: other, quantity: 1 }] });
  const orderId = order.body.id as string;
  templates = {
    'register-customer': { name: 'N', email: `${randomUUID()}@example.com` },
    'change-customer-details': { customerId, name: 'N' },
    'add-product': { sku: `S-${randomUUID()}`, name: 'N', category: 'c', priceCents: 100, stock: 1 },
    'rename-product': { productId, name: 'N' },
    'change-product-price': { productId, priceCents: 5 },
    'restock-product': { productId, quantity: 1 },
    'place-order': { customerId, lines: [{ productId, quantity: 1 }] },
    'add-order-line': { orderId, productId: randomUUID(), quantity: 1 },
    'remove-order-line': { orderId, productId },
    'cancel-order': { orderId, reason: 'r' },
    'pay-order': { orderId, amountCents: 2500, method: 'card' },
    'ship-order': { orderId, carrier: 'c', trackingNumber: 't' },
  };
}, 60_000);

afterAll(async () => {
  await admin?.end();
  await api?.close();
  await db?.drop();
});

const FREE_TEXT = new Set(['name', 'category', 'reason', 'method', 'carrier', 'trackingNumber', 'sku']);
const SQLISH = ["'); DROP TABLE orders;--", "1' OR '1'='1", '00000000-0000-4000-8000-000000000000; DELETE FROM products', 'ʼ OR 1=1 --'];
const BAD_VALUES: unknown[] = [null, true, {}, [], 1.5, -1, 0, '', 'x'.repeat(70_000), 2 ** 53, ...SQLISH];

// A short string is valid free text (stored literally, tested separately); a product may start with no stock.
const isLegitimate = (field: string, value: unknown): boolean =>
  (FREE_TEXT.has(field) && typeof value === 'string' && value.length > 0 && value.length <= 64) || (field === 'stock' && value === 0);

function* mutations(template: Record<string, unknown>): Generator<[string, unknown]> {
  yield ['empty object', {}];
  yield ['unknown field', { ...template, isAdmin: true }];
  yield ['prototype key', JSON.parse(`{"__proto__": {"polluted": 1}, ${JSON.stringify(template).slice(1)}`)];
  for (const field of Object.keys(template)) {
    const { [field]: _dropped, ...rest } = template;
    yield [`missing ${field}`, rest];
    for (const value of BAD_VALUES) {
      if (isLegitimate(field, value)) continue;
      yield [`${field} = ${JSON.stringify(value)?.slice(0, 30)}`, { ...template, [field]: value }];
    }
  }
}

function expectProblem(reply: Reply, what: string): void {
  const ok = reply.status >= 400 && reply.status < 500 && /application\/problem\+json/.test(reply.headers.get('content-type') ?? '');
  if (!ok) throw new Error(`${what}: answered ${reply.status} ${JSON.stringify(reply.body)?.slice(0, 300)}`);
  expect(reply.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status: reply.status, detail: expect.any(String) }));
  expect(JSON.stringify(reply.body)).not.toMatch(/\bat .+\.(ts|js):\d+|stack/i);
}

describe('hostile input', () => {
  it('wrong types, missing and unknown fields, SQL-ish ids on every command: 4xx and no change', async () => {
    const before = await tableChecksums(admin);
    let sent = 0;
    for (const [name, template] of Object.entries(templates)) {
      for (const [what, body] of mutations(template)) {
        expectProblem(await api.send(name, body), `${name} with ${what}`);
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(300);
    expect(await tableChecksums(admin)).toEqual(before);
  });

  it('malformed JSON, wrong content types, huge and deep bodies, invalid UTF-8: 4xx and no change', async () => {
    const before = await tableChecksums(admin);
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const raws: Array<[string, string | undefined, number]> = [
      ['{"name":', undefined, 400], ["{'name': 'x'}", undefined, 400], ['null', undefined, 400], ['"str"', undefined, 400],
      ['[]', undefined, 400], ['', undefined, 400], [`{"lines": ${deep}}`, undefined, 400], [deep, undefined, 400],
      ['{"name":"x"}', 'text/plain', 415], ['name=x', 'application/x-www-form-urlencoded', 415], ['{"name":"x"}', 'application/xml', 415],
      ['{"name":"x"}', 'application/json; charset=latin-99', 415],
      [`{"name":"${'a'.repeat(1024 * 1024)}"}`, undefined, 413], [`{"pad":"${'a'.repeat(10 * 1024 * 1024)}"}`, undefined, 413],
    ];
    for (const name of Object.keys(templates)) {
      for (const [raw, contentType, status] of raws) {
        const reply = await api.send(name, undefined, { raw, ...(contentType ? { contentType } : {}) });
        expectProblem(reply, `${name} with ${raw.slice(0, 20)} as ${contentType ?? 'json'}`);
        expect(reply.status).toBe(status);
      }
      const invalidUtf8 = Buffer.concat([Buffer.from('{"customerId":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
      const res = await fetch(`${api.url}/commands/${name}`, { method: 'POST', headers: { authorization: 'Bearer test-commands', 'content-type': 'application/json' }, body: invalidUtf8 });
      expect(res.status).toBe(400);
    }
    expect(await tableChecksums(admin)).toEqual(before);
  });

  it('SQL-looking text in free-text fields is stored literally and every table survives', async () => {
    const name = "Robert'); DROP TABLE customers;--";
    const res = await api.send('register-customer', { name, email: `${randomUUID()}@example.com`, city: "x' OR 1=1 --" });
    expect(res.status).toBe(201);
    const { rows } = await api.pool.query('SELECT name, city FROM customers WHERE id = $1', [res.body.id]);
    expect(rows[0]).toEqual({ name, city: "x' OR 1=1 --" });
    expect(Object.keys(await tableChecksums(admin))).toHaveLength(7);
  });
});
