// Customer commands: request bodies (strict: unknown fields are rejected) and their types.
import { z } from 'zod';
import * as f from '../fields.js';

export const registerCustomer = z.strictObject({
  name: f.name,
  email: f.email,
  city: f.city.optional(),
  tier: f.tier.optional(),
});
export type RegisterCustomer = z.output<typeof registerCustomer>;

export const changeCustomerDetails = z
  .strictObject({
    customerId: f.id,
    name: f.name.optional(),
    email: f.email.optional(),
    city: f.city.nullable().optional(),
    tier: f.tier.optional(),
    expectedVersion: f.expectedVersion,
  })
  .refine((c) => c.name !== undefined || c.email !== undefined || c.city !== undefined || c.tier !== undefined, {
    message: 'change at least one of name, email, city, tier',
  });
export type ChangeCustomerDetails = z.output<typeof changeCustomerDetails>;
