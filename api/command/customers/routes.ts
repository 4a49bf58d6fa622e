// Customer commands wired to their rules and SQL; the HTTP plumbing is shared (../commandRoutes.ts).
import { NotFoundError } from '../../../lib/errors.js';
import { defineCommand, type CommandDefinition } from '../commandDefinition.js';
import type { Tx } from '../adapters/postgres/tx.js';
import { changeCustomerDetails, registerCustomer } from './commands.js';
import { decideChangeCustomerDetails, decideRegisterCustomer } from './decide.js';
import * as store from './adapters/postgres/customerStore.js';

export function createCustomerCommands({ newId }: { newId: () => string }): CommandDefinition<Tx>[] {
  return [
    defineCommand({
      name: 'register-customer',
      summary: 'Register a customer (email unique, case-insensitive)',
      schema: registerCustomer,
      creates: true,
      handle: async (tx: Tx, input) => {
        const { customer } = decideRegisterCustomer(input, newId());
        await store.insertCustomer(tx, customer);
        return { id: customer.id, version: customer.version };
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
        const { customer } = decideChangeCustomerDetails(current, input);
        await store.updateCustomer(tx, customer);
        return { id: customer.id, version: customer.version };
      },
    }),
  ];
}
