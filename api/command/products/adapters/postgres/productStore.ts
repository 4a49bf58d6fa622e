// Product SQL. bigint columns arrive as strings from pg; the field bounds keep them exact as JS numbers.
import type { Tx } from '../../../adapters/postgres/tx.js';
import type { Product } from '../../aggregate.js';

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  category: string;
  price_cents: string;
  stock: number;
  version: number;
}

const toProduct = (r: ProductRow): Product => ({
  id: r.id, sku: r.sku, name: r.name, category: r.category, priceCents: Number(r.price_cents), stock: r.stock, version: r.version,
});

export async function lockProduct(tx: Tx, id: string): Promise<Product | undefined> {
  const { rows } = await tx.query<ProductRow>(
    'SELECT id, sku, name, category, price_cents, stock, version FROM products WHERE id = $1 FOR NO KEY UPDATE',
    [id],
  );
  return rows[0] && toProduct(rows[0]);
}

export async function insertProduct(tx: Tx, p: Product): Promise<void> {
  await tx.query(
    'INSERT INTO products (id, sku, name, category, price_cents, stock, version) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [p.id, p.sku, p.name, p.category, p.priceCents, p.stock, p.version],
  );
}

export async function updateProduct(tx: Tx, p: Product): Promise<void> {
  await tx.query(
    'UPDATE products SET name = $2, price_cents = $3, stock = $4, version = $5, updated_at = now() WHERE id = $1',
    [p.id, p.name, p.priceCents, p.stock, p.version],
  );
}
