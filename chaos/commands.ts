// The command API as the fault suite's workload speaks to it: one POST per command with its own Idempotency-Key
// (so an unanswered one can be resolved later), and the catalogue each row trades with, seeded through the API.
import { randomUUID } from 'node:crypto';

/** Every seeded product's stock: large enough that the workload is never refused for stock. */
export const INITIAL_STOCK = 1_000_000;

export interface Catalogue {
  customers: { id: string; name: string }[];
  products: { id: string; name: string; price: number }[];
}

export interface CommandClient {
  url: string;
  key: string;
}

export type Reply = {
  status: number;
  body: { id?: string; version?: number; position?: string; totalCents?: number };
};

export async function post(
  client: CommandClient,
  command: string,
  body: unknown,
  key = randomUUID(),
  timeoutMs = 30_000,
): Promise<Reply> {
  try {
    const res = await fetch(`${client.url}/commands/${command}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${client.key}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Reply['body'] };
  } catch {
    return { status: 0, body: {} };
  }
}

/** A few customers and products to trade with, created through the API (retried until the API answers). */
export async function seedCatalogue(
  client: CommandClient,
  tag: string,
  customers = 20,
  products = 30,
): Promise<Catalogue> {
  const must = async (command: string, body: unknown): Promise<string> => {
    for (let attempt = 0; attempt < 60; attempt++) {
      const reply = await post(client, command, body);
      if (reply.status === 201 && reply.body.id) return reply.body.id;
      if (reply.status >= 400 && reply.status < 500)
        throw new Error(`${command} refused: ${reply.status} ${JSON.stringify(reply.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`${command}: the command API did not answer`);
  };
  const c = await Promise.all(
    Array.from({ length: customers }, async (_, i) => ({
      id: await must('register-customer', {
        name: `Chaos ${tag} ${i}`,
        email: `chaos-${tag}-${i}@example.com`,
        city: 'Lyon',
      }),
      name: `Chaos ${tag} ${i}`,
    })),
  );
  const p = await Promise.all(
    Array.from({ length: products }, async (_, i) => ({
      id: await must('add-product', {
        sku: `CHAOS-${tag}-${i}`,
        name: `Chaos product ${i}`,
        category: `cat-${i % 4}`,
        priceCents: 100 + i,
        stock: INITIAL_STOCK,
      }),
      name: `Chaos product ${i}`,
      price: 100 + i,
    })),
  );
  return { customers: c, products: p };
}
