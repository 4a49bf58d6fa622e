// Customer commands: request bodies (strict: unknown fields are rejected) and their types.
import { z } from 'zod';
import * as f from '../commandFields.js';

export const registerCustomer = z.strictObject({
  name: f.name,
  email: f.email,
  city: f.city.optional(),
  tier: f.tier.optional(),
});
export type RegisterCustomer = z.output<typeof registerCustomer>;

// At least one of these must be present; the refinement and the OpenAPI `anyOf` both come from this list.
const CHANGEABLE = ['name', 'email', 'city', 'tier'] as const;

export const changeCustomerDetails = z
  .strictObject({
    customerId: f.id,
    name: f.name.optional(),
    email: f.email.optional(),
    city: f.city.nullable().optional(),
    tier: f.tier.optional(),
    expectedVersion: f.expectedVersion,
  })
  .refine((c) => CHANGEABLE.some((field) => c[field] !== undefined), { message: `change at least one of ${CHANGEABLE.join(', ')}` })
  .openapi({ anyOf: CHANGEABLE.map((field) => ({ required: [field] })) });
export type ChangeCustomerDetails = z.output<typeof changeCustomerDetails>;
