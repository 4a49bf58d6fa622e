// `sluice cluster check`: the README's round trip against the running cluster, through every command and query API
// instance and through the balancer's front: a product and a customer, an order placed, the order read back with the
// position its command answered (read-your-writes). Exit code 1 when any step fails.
import { randomUUID } from 'node:crypto';
import { parseApiKeys, type Scope } from '../lib/apiKeys.js';
import { readSecrets } from '../lib/secrets.js';
import type { Topology } from '../infra/native/cluster/topology.js';

interface Answer { status: number; body: Record<string, unknown> }

async function call(url: string, key: string, init: { method?: string; body?: unknown } = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

const keyFor = (keys: Map<string, Set<Scope>>, scope: Scope): string => {
  const found = [...keys].find(([, scopes]) => scopes.has(scope));
  if (!found) throw new Error(`no API key with the scope ${scope} in the cluster's secrets`);
  return found[0];
};

export async function checkCluster(t: Topology, secretsFile: string, say: (line: string) => void): Promise<boolean> {
  const keys = parseApiKeys(readSecrets({ SLUICE_SECRETS_FILE: secretsFile })['API_KEYS'] ?? '').keys;
  const commandKey = keyFor(keys, 'commands');
  const queryKey = keyFor(keys, 'queries');
  const commands = [...t.commandApi.map((n) => ({ name: n.name, port: n.port })), { name: 'balancer', port: t.front.command }];
  const queries = [...t.queryApi.map((n) => ({ name: n.name, port: n.port })), { name: 'balancer', port: t.front.query }];
  let ok = true;
  const tag = randomUUID().slice(0, 8);
  for (const [i, c] of commands.entries()) {
    const base = `http://127.0.0.1:${c.port}/commands`;
    const product = await call(`${base}/add-product`, commandKey, { method: 'POST', body: { sku: `CHECK-${tag}-${i}`, name: `Check ${tag}`, category: 'check', priceCents: 1234, stock: 10 } });
    const customer = await call(`${base}/register-customer`, commandKey, { method: 'POST', body: { name: 'Ada Lovelace', email: `ada-${tag}-${i}@example.com`, city: 'London' } });
    const order = await call(`${base}/place-order`, commandKey, { method: 'POST', body: { customerId: customer.body['id'], lines: [{ productId: product.body['id'], quantity: 2 }] } });
    if (order.status !== 201) {
      ok = false;
      say(`place-order through ${c.name}: ${order.status} ${JSON.stringify(order.body)} (product ${product.status}, customer ${customer.status})`);
      continue;
    }
    say(`place-order through ${c.name} (${c.port}): 201, order ${String(order.body['id'])} at position ${String(order.body['position'])}`);
    for (const q of queries) {
      const began = Date.now();
      const read = await call(`http://127.0.0.1:${q.port}/orders/${String(order.body['id'])}?minPosition=${String(order.body['position'])}`, queryKey);
      const same = read.status === 200 && read.body['id'] === order.body['id'];
      ok &&= same;
      say(`  read back through ${q.name} (${q.port}): ${read.status}${same ? '' : ` ${JSON.stringify(read.body).slice(0, 200)}`} in ${Date.now() - began} ms`);
    }
  }
  return ok;
}
