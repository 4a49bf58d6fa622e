// Customer SQL. Rows are locked FOR NO KEY UPDATE: it still blocks concurrent changes of the customer but not the
// FOR KEY SHARE locks that inserting orders take through their foreign key.
import type { Tx } from '../../../adapters/postgres/tx.js';
import type { Customer } from '../../aggregate.js';

export async function lockCustomer(tx: Tx, id: string): Promise<Customer | undefined> {
  const { rows } = await tx.query<Customer>(
    'SELECT id, name, email, city, tier, version FROM customers WHERE id = $1 FOR NO KEY UPDATE',
    [id],
  );
  return rows[0];
}

export async function insertCustomer(tx: Tx, c: Customer): Promise<void> {
  await tx.query('INSERT INTO customers (id, name, email, city, tier, version) VALUES ($1, $2, $3, $4, $5, $6)', [
    c.id, c.name, c.email, c.city, c.tier, c.version,
  ]);
}

export async function updateCustomer(tx: Tx, c: Customer): Promise<void> {
  await tx.query(
    'UPDATE customers SET name = $2, email = $3, city = $4, tier = $5, version = $6, updated_at = now() WHERE id = $1',
    [c.id, c.name, c.email, c.city, c.tier, c.version],
  );
}
