// Customer events: registration carries the details; a change carries only the fields whose value changed, and a
// change that changed nothing is no event.
import type { Customer } from './aggregate.js';
import { EVENTS } from '../../events/schemas.js';
import * as rules from './decide.js';
import { customerChangedEvents, customerRegisteredEvents } from './events.js';

const C1 = '00000000-0000-4000-8000-0000000000c1';
const ann: Customer = { id: C1, name: 'Ann', email: 'ann@example.com', city: 'Oslo', tier: 'gold', version: 1 };
const valid = (events: ReturnType<typeof customerRegisteredEvents>) =>
  events.every((e) => EVENTS[e.type].payload.safeParse(e.payload).success);

describe('customer events', () => {
  it('given a registration, then CustomerRegistered with the stored details, keyed by the customer', () => {
    const events = customerRegisteredEvents(rules.decideRegisterCustomer({ name: 'Bo', email: 'bo@example.com' }, C1));
    expect(events).toEqual([
      { type: 'CustomerRegistered', aggregateType: 'customer', aggregateId: C1, payload: { customerId: C1, name: 'Bo', email: 'bo@example.com', city: null, tier: 'standard' } },
    ]);
    expect(valid(events)).toBe(true);
  });

  it('given tier and city sent but only the tier differs, then CustomerDetailsChanged lists the tier only', () => {
    const events = customerChangedEvents(ann, rules.decideChangeCustomerDetails(ann, { customerId: C1, tier: 'platinum', city: 'Oslo' }));
    expect(events).toEqual([{ type: 'CustomerDetailsChanged', aggregateType: 'customer', aggregateId: C1, payload: { customerId: C1, changed: { tier: 'platinum' } } }]);
    expect(valid(events)).toBe(true);
  });

  it('given the city cleared, then changed.city is null', () => {
    const events = customerChangedEvents(ann, rules.decideChangeCustomerDetails(ann, { customerId: C1, city: null, name: 'Anne' }));
    expect(events[0]?.payload).toEqual({ customerId: C1, changed: { city: null, name: 'Anne' } });
    expect(valid(events)).toBe(true);
  });

  it('given a change to the values it already has, then no event', () => {
    expect(customerChangedEvents(ann, rules.decideChangeCustomerDetails(ann, { customerId: C1, name: 'Ann', tier: 'gold' }))).toEqual([]);
  });
});
