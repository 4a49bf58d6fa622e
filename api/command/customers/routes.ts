// Customer commands wired to their rules and SQL; the HTTP plumbing is shared (../commandRoutes.ts).
import { NotFoundError } from '../../../lib/errors.js';
import { defineCommand, type CommandDefinition } from '../commandDefinition.js';
import type { Tx } from '../adapters/postgres/tx.js';
import { changeCustomerDetails, registerCustomer } from './commands.js';
import { decideChangeCustomerDetails, decideRegisterCustomer } from './decide.js';
import { customerChangedEvents, customerRegisteredEvents } from './events.js';
import * as store from './adapters/postgres/customerStore.js';

export function createCustomerCommands({ newId }: { newId: () => string }): CommandDefinition<Tx>[] {
  return [
    defineCommand({
      name: 'register-customer',
      summary: 'Register a customer (email unique, case-insensitive)',
      schema: registerCustomer,
      creates: true,
      handle: async (tx: Tx, input) => {
        const fact = decideRegisterCustomer(input, newId());
        await store.insertCustomer(tx, fact.customer);
        return { id: fact.customer.id, version: fact.customer.version, events: customerRegisteredEvents(fact) };
      },
    }),
    defineCommand({
      name: 'change-customer-details',
      summary: 'Change name, email, city or tier of a customer',
      schema: changeCustomerDetails,
      creates: false,
      handle: async (tx: Tx, input) => {
        const current = await store.lockCustomer(tx, input.customerId);
        if (!current) throw new NotFoundError(`customer ${input.customerId} does not exist`);
        const fact = decideChangeCustomerDetails(current, input);
        await store.updateCustomer(tx, fact.customer);
        return { id: fact.customer.id, version: fact.customer.version, events: customerChangedEvents(current, fact) };
      },
    }),
  ];
}
