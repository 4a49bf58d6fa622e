// Customer rules (pure). Email uniqueness is enforced by the database's unique index, case-insensitively,
// because only the database can see concurrent registrations.
import { checkVersion } from '../commandFields.js';
import type { Customer, CustomerDetailsChanged, CustomerRegistered } from './aggregate.js';
import type { ChangeCustomerDetails, RegisterCustomer } from './schemas.js';

export function decideRegisterCustomer(command: RegisterCustomer, id: string): CustomerRegistered {
  const customer = { id, name: command.name, email: command.email, city: command.city ?? null, tier: command.tier ?? 'standard', version: 1 };
  return { type: 'CustomerRegistered', customer };
}

export function decideChangeCustomerDetails(current: Customer, command: ChangeCustomerDetails): CustomerDetailsChanged {
  checkVersion('customer', current.version, command.expectedVersion);
  const customer: Customer = {
    ...current,
    name: command.name ?? current.name,
    email: command.email ?? current.email,
    city: command.city === undefined ? current.city : command.city,
    tier: command.tier ?? current.tier,
    version: current.version + 1,
  };
  return { type: 'CustomerDetailsChanged', customer };
}
