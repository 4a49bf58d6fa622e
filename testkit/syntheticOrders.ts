// Synthetic order documents in the shape of the orders projection (dynamic: strict, so a wrong field fails the
// bulk item), deterministic from a seed, for query tests and the query benchmark.
import { randomUUID } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';

const STATUSES = ['pending', 'paid', 'shipped', 'cancelled'] as const;
const CATEGORIES = ['office', 'garden', 'kitchen', 'toys', 'books', 'music', 'sports', 'tools'];
const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Barbara Liskov', 'Edsger Dijkstra', 'Donald Knuth', 'Frances Allen'];
const CITIES = ['Lyon', 'London', 'Berlin', 'Oslo', 'Porto'];

export function syntheticOrder(i: number, base = Date.parse('2026-01-01T00:00:00Z')) {
  const lines = Array.from({ length: 1 + (i % 3) }, (_, n) => {
    const quantity = 1 + ((i + n) % 4);
    const unitPriceCents = 100 * (1 + ((i * 7 + n) % 50));
    return { productId: randomUUID(), sku: `SKU-${(i * 3 + n) % 5000}`, name: `Widget ${(i + n) % 300}`, category: CATEGORIES[(i + n) % CATEGORIES.length]!, quantity, unitPriceCents, lineTotalCents: quantity * unitPriceCents };
  });
  const name = NAMES[i % NAMES.length]!;
  return {
    id: randomUUID(),
    status: STATUSES[i % STATUSES.length]!,
    customer: { id: randomUUID(), name, email: `${name.split(' ')[0]!.toLowerCase()}${i % 1000}@example.com`, city: CITIES[i % CITIES.length]!, tier: i % 5 === 0 ? 'gold' : 'standard' },
    lines,
    itemCount: lines.reduce((s, l) => s + l.quantity, 0),
    categories: [...new Set(lines.map((l) => l.category))].sort(),
    totalCents: lines.reduce((s, l) => s + l.lineTotalCents, 0),
    placedAt: new Date(base + i * 60_000).toISOString(),
    version: 1,
  };
}

export type SyntheticOrder = ReturnType<typeof syntheticOrder>;

/** Bulk-loads `count` orders into `index` in chunks, failing on any item error. */
export async function bulkLoadOrders(es: Client, index: string, count: number, chunk = 5_000, start = 0): Promise<SyntheticOrder[]> {
  const all: SyntheticOrder[] = [];
  for (let from = start; from < start + count; from += chunk) {
    const docs = Array.from({ length: Math.min(chunk, start + count - from) }, (_, n) => syntheticOrder(from + n));
    const res = await es.bulk({ operations: docs.flatMap((d) => [{ index: { _index: index, _id: d.id } }, d]) });
    if (res.errors) throw new Error(`bulk load failed: ${JSON.stringify(res.items.find((it) => it.index?.error))}`);
    all.push(...docs);
  }
  await es.indices.refresh({ index });
  return all;
}
