// Request validation with zod: one place that turns issues into `errors: [{ path: "lines.0.quantity", message }]`.
import type { z } from 'zod';
import { ValidationError, type FieldError } from '../../lib/errors.js';

type Issue = z.core.$ZodIssue;

function toFieldErrors(issue: Issue): FieldError[] {
  const base = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    // One entry per unknown field, so clients see exactly which names to drop.
    return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'unknown field' }));
  }
  return [{ path: base.join('.'), message: issue.message }];
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.flatMap(toFieldErrors);
  throw new ValidationError(`the ${what} is invalid`, errors);
}
