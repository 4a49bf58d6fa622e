import type { Customer } from './aggregate.js';
import * as rules from './decide.js';

const customer: Customer = { id: 'c1', name: 'Ann', email: 'ann@example.com', city: 'Oslo', tier: 'gold', version: 1 };

describe('customer rules', () => {
  it('given no tier, when registered, then standard tier, no city, version 1', () => {
    expect(rules.decideRegisterCustomer({ name: 'Bo', email: 'bo@example.com' }, 'c2').customer).toEqual({
      id: 'c2', name: 'Bo', email: 'bo@example.com', city: null, tier: 'standard', version: 1,
    });
  });

  it('given a customer, when only the tier changes, then the rest is kept and version + 1', () => {
    expect(rules.decideChangeCustomerDetails(customer, { customerId: 'c1', tier: 'platinum' }).customer).toEqual({ ...customer, tier: 'platinum', version: 2 });
  });

  it('given a city, when city is null, then it is cleared', () => {
    expect(rules.decideChangeCustomerDetails(customer, { customerId: 'c1', city: null }).customer.city).toBeNull();
  });

  it('given version 1, when expectedVersion 5, then version-conflict', () => {
    expect(() => rules.decideChangeCustomerDetails(customer, { customerId: 'c1', name: 'A', expectedVersion: 5 })).toThrow(
      expect.objectContaining({ status: 409, code: 'version-conflict' }),
    );
  });
});
