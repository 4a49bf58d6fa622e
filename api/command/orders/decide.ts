// Order rules (pure). Lifecycle: pending -> paid -> shipped, and pending/paid -> cancelled. Stock is reserved when
// a line is placed and returned when a line is removed or the order cancelled; prices come from the catalogue.
import { ConflictError, NotFoundError } from '../../../lib/errors.js';
import { checkVersion } from '../commandFields.js';
import { MAX_LINES, type AddOrderLine, type CancelOrder, type PayOrder, type PlaceOrder, type RemoveOrderLine, type ShipOrder } from './schemas.js';
import type { OrderFact, OrderLine, OrderState, OrderStatus, StockItem, StockMove } from './aggregate.js';

const allowed: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['paid', 'cancelled'],
  paid: ['shipped', 'cancelled'],
  shipped: [],
  cancelled: [],
};

function requireTransition(order: OrderState, to: OrderStatus): void {
  if (!allowed[order.status].includes(to)) {
    throw new ConflictError(`order ${order.id} is ${order.status}; it cannot become ${to}`, 'invalid-transition');
  }
}

function requirePending(order: OrderState, action: string): void {
  if (order.status !== 'pending') throw new ConflictError(`order ${order.id} is ${order.status}; ${action} only while pending`, 'invalid-transition');
}

function reserve(product: StockItem | undefined, productId: string, quantity: number): OrderLine {
  if (!product) throw new NotFoundError(`product ${productId} does not exist`);
  if (product.stock < quantity) {
    throw new ConflictError(`product ${productId} has ${product.stock} in stock, ${quantity} requested`, 'insufficient-stock');
  }
  return { productId, quantity, unitPriceCents: product.priceCents };
}

const totalOf = (lines: readonly OrderLine[]): number => lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
const taking = (lines: readonly OrderLine[]): StockMove[] => lines.map((l) => ({ productId: l.productId, delta: -l.quantity }));
const returning = (lines: readonly OrderLine[]): StockMove[] => lines.map((l) => ({ productId: l.productId, delta: l.quantity }));

export function decidePlaceOrder(command: PlaceOrder, products: ReadonlyMap<string, StockItem>, id: string): OrderFact {
  const lines = command.lines.map((l) => reserve(products.get(l.productId), l.productId, l.quantity));
  return { type: 'OrderPlaced', orderId: id, customerId: command.customerId, lines, totalCents: totalOf(lines), version: 1, stock: taking(lines) };
}

export function decideAddOrderLine(order: OrderState, command: AddOrderLine, product: StockItem | undefined): OrderFact {
  checkVersion('order', order.version, command.expectedVersion);
  requirePending(order, 'lines can be added');
  if (order.lines.some((l) => l.productId === command.productId)) {
    throw new ConflictError(`order ${order.id} already has a line for product ${command.productId}`, 'line-exists');
  }
  if (order.lines.length >= MAX_LINES) throw new ConflictError(`an order has at most ${MAX_LINES} lines`, 'too-many-lines');
  const line = reserve(product, command.productId, command.quantity);
  const totalCents = order.totalCents + line.quantity * line.unitPriceCents;
  return { type: 'OrderLineAdded', orderId: order.id, line, totalCents, version: order.version + 1, stock: taking([line]) };
}

export function decideRemoveOrderLine(order: OrderState, command: RemoveOrderLine): OrderFact {
  checkVersion('order', order.version, command.expectedVersion);
  requirePending(order, 'lines can be removed');
  const line = order.lines.find((l) => l.productId === command.productId);
  if (!line) throw new NotFoundError(`order ${order.id} has no line for product ${command.productId}`);
  if (order.lines.length === 1) throw new ConflictError('an order keeps at least one line; cancel it instead', 'last-line');
  const totalCents = order.totalCents - line.quantity * line.unitPriceCents;
  return { type: 'OrderLineRemoved', orderId: order.id, line, totalCents, version: order.version + 1, stock: returning([line]) };
}

export function decideCancelOrder(order: OrderState, command: CancelOrder): OrderFact {
  checkVersion('order', order.version, command.expectedVersion);
  requireTransition(order, 'cancelled');
  // Whether money must go back is decided here, from the state before the change, and travels with the fact.
  const wasPaid = order.status === 'paid';
  return { type: 'OrderCancelled', orderId: order.id, reason: command.reason, wasPaid, version: order.version + 1, stock: returning(order.lines) };
}

export function decidePayOrder(order: OrderState, command: PayOrder, paymentId: string): OrderFact {
  checkVersion('order', order.version, command.expectedVersion);
  requireTransition(order, 'paid');
  if (command.amountCents !== order.totalCents) {
    throw new ConflictError(`amount ${command.amountCents} does not equal the order total ${order.totalCents}`, 'amount-mismatch');
  }
  return { type: 'OrderPaid', orderId: order.id, paymentId, amountCents: command.amountCents, method: command.method, version: order.version + 1 };
}

export function decideShipOrder(order: OrderState, command: ShipOrder, shipmentId: string): OrderFact {
  checkVersion('order', order.version, command.expectedVersion);
  requireTransition(order, 'shipped');
  const { carrier, trackingNumber } = command;
  return { type: 'OrderShipped', orderId: order.id, shipmentId, carrier, trackingNumber, version: order.version + 1 };
}
