// The order aggregate as the rules see it, and the facts they decide (past tense). Facts carry everything the
// adapter needs to write, so persistence never re-derives a rule.
export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'cancelled';

export interface OrderLine {
  productId: string;
  quantity: number;
  unitPriceCents: number;
}

export interface OrderState {
  id: string;
  status: OrderStatus;
  totalCents: number;
  version: number;
  lines: OrderLine[];
}

/** A product as an order sees it: the catalogue price and what is left to reserve. */
export interface StockItem {
  id: string;
  priceCents: number;
  stock: number;
}

/** Negative: reserved by an order; positive: returned to the shelf. */
export interface StockMove {
  productId: string;
  delta: number;
}

export type OrderFact =
  | { type: 'OrderPlaced'; orderId: string; customerId: string; lines: OrderLine[]; totalCents: number; version: number; stock: StockMove[] }
  | { type: 'OrderLineAdded'; orderId: string; line: OrderLine; totalCents: number; version: number; stock: StockMove[] }
  | { type: 'OrderLineRemoved'; orderId: string; line: OrderLine; totalCents: number; version: number; stock: StockMove[] }
  | { type: 'OrderCancelled'; orderId: string; reason: string; wasPaid: boolean; version: number; stock: StockMove[] }
  | { type: 'OrderPaid'; orderId: string; paymentId: string; amountCents: number; method: string; version: number }
  | { type: 'OrderShipped'; orderId: string; shipmentId: string; carrier: string; trackingNumber: string; version: number };
