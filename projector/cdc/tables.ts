// The captured tables and the columns the projections rely on. Logical decoding carries no DDL, so a renamed
// or dropped column simply shows up missing in the next event: listing the required columns here lets the decoder
// fail closed (dead-letter the event) instead of letting a projection silently null a field. Extra columns
// (ADD COLUMN) are tolerated: projections read Postgres, never the event body.

export const capturedTables = {
  customers: { key: ['id'], columns: ['id', 'name', 'email', 'city', 'tier', 'version'] },
  products: { key: ['id'], columns: ['id', 'sku', 'name', 'category', 'price_cents', 'stock', 'version'] },
  orders: { key: ['id'], columns: ['id', 'customer_id', 'status', 'total_cents', 'placed_at', 'version'] },
  order_lines: { key: ['order_id', 'product_id'], columns: ['order_id', 'product_id', 'quantity', 'unit_price_cents'] },
  payments: { key: ['id'], columns: ['id', 'order_id', 'amount_cents', 'method', 'paid_at'] },
  shipments: { key: ['id'], columns: ['id', 'order_id', 'carrier', 'tracking_number', 'shipped_at'] },
  sluice_heartbeat: { key: ['id'], columns: ['id', 'beat_at'] },
} as const satisfies Record<string, { key: readonly string[]; columns: readonly string[] }>;

export type TableName = keyof typeof capturedTables;

export const isTableName = (name: string): name is TableName => Object.hasOwn(capturedTables, name);

/** Debezium sends unchanged out-of-line (TOAST) values as this placeholder. It must never reach a document. */
export const TOAST_PLACEHOLDER = '__debezium_unavailable_value';
