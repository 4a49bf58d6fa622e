// Customer commands: each one's load, rule, save and answer, run by the shared load-decide-save sequence
// (../loadDecideSave.ts); the HTTP plumbing is shared too (../commandRoutes.ts).
import type { CommandDefinition } from '../commandDefinition.js';
import { found, loadDecideSave, nothingToLoad } from '../loadDecideSave.js';
import type { Tx } from '../adapters/postgres/tx.js';
import { changeCustomerDetails, registerCustomer } from './schemas.js';
import { decideChangeCustomerDetails, decideRegisterCustomer } from './decide.js';
import { customerChangedEvents, customerRegisteredEvents } from './events.js';
import * as store from './adapters/postgres/customerStore.js';

export function createCustomerCommands({ newId }: { newId: () => string }): CommandDefinition<Tx>[] {
  return [
    loadDecideSave({
      name: 'register-customer',
      summary: 'Register a customer (email unique, case-insensitive)',
      schema: registerCustomer,
      creates: true,
      load: nothingToLoad,
      decide: (_nothing, input) => decideRegisterCustomer(input, newId()),
      save: (tx: Tx, fact) => store.insertCustomer(tx, fact.customer),
      answer: (fact) => ({ id: fact.customer.id, version: fact.customer.version, events: customerRegisteredEvents(fact) }),
    }),
    loadDecideSave({
      name: 'change-customer-details',
      summary: 'Change name, email, city or tier of a customer',
      schema: changeCustomerDetails,
      creates: false,
      load: async (tx: Tx, input) => found('customer', input.customerId, await store.lockCustomer(tx, input.customerId)),
      decide: decideChangeCustomerDetails,
      save: (tx, fact) => store.updateCustomer(tx, fact.customer),
      answer: (fact, current) => ({ id: fact.customer.id, version: fact.customer.version, events: customerChangedEvents(current, fact) }),
    }),
  ];
}
