// The domain events of the customer slice, derived from the decided facts in this one place (pure). A change
// lists only the fields whose value actually changed; a change that changed nothing is no business fact and emits
// no event (the row still gets its new version, as before).
import { domainEvent, type DomainEvent, type EventPayload } from '../../events/schemas.js';
import type { Customer, CustomerDetailsChanged, CustomerRegistered } from './aggregate.js';

const DETAILS = ['name', 'email', 'city', 'tier'] as const;

export function customerRegisteredEvents({ customer: c }: CustomerRegistered): DomainEvent[] {
  return [domainEvent('CustomerRegistered', c.id, { customerId: c.id, name: c.name, email: c.email, city: c.city, tier: c.tier })];
}

export function customerChangedEvents(previous: Customer, { customer: next }: CustomerDetailsChanged): DomainEvent[] {
  const changed: EventPayload<'CustomerDetailsChanged'>['changed'] = {};
  for (const field of DETAILS) if (next[field] !== previous[field]) Object.assign(changed, { [field]: next[field] });
  if (Object.keys(changed).length === 0) return [];
  return [domainEvent('CustomerDetailsChanged', next.id, { customerId: next.id, changed })];
}
