// Field schemas shared by the three APIs, and how a request is checked against them: every string field refuses
// control characters the same way, every query-string integer is parsed and documented the same way
// (docs/http-api.md). Postgres refuses U+0000 in text and Elasticsearch would store it; neither belongs in a name
// or a search, and a 400 that names the field beats a 500 from the driver. Rules are regular expressions rather than
// refinements so that the OpenAPI documents carry them as `pattern`: the document shows exactly the rule the server
// applies, checked on the value as sent.
import { z } from 'zod';
import { ValidationError, type FieldError } from '../../lib/errors.js';
// Extends zod with .openapi(), which the integer schemas below call when this module loads.
import './openapi.js';

// Non-blank single line: white space that is not a control character, one visible character, then no control
// character. The leading class and the visible one are disjoint, so matching stays linear in the length.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE = /^[^\S\x00-\x1F\x7F]*[^\s\x00-\x1F\x7F][^\x00-\x1F\x7F]*$/;
// Non-blank free text that may span lines: tab, LF and CR are allowed, the other control characters are not.
// eslint-disable-next-line no-control-regex -- as above
const FREE_TEXT = /^[^\S\x00-\x08\x0B\x0C\x0E-\x1F\x7F]*[^\s\x00-\x1F\x7F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F]*$/;

/**
 * Non-blank text of at most `max` characters as sent, trimmed once valid. A single line by default; `multiLine`
 * allows tab, LF and CR (a cancellation reason), never the other control characters.
 */
export const text = (max: number, { multiLine = false } = {}) =>
  z
    .string()
    .max(max)
    .regex(
      multiLine ? FREE_TEXT : LINE,
      multiLine
        ? 'must not be blank; control characters other than tab, LF and CR are not allowed'
        : 'must be one non-blank line; control characters (U+0000-U+001F, U+007F) are not allowed',
    )
    .trim();

// Query strings are text: "1e9", "NaN", "1.5" and "" all fail with a 400 (docs/reliability.md T35). Documented as
// what a client sends, an integer between the bounds, not as the string pattern that parses it.
const integerText = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d{1,16}$/, 'an integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const queryInteger = (min: number, max: number) => integerText(min, max).openapi({ type: 'integer', minimum: min, maximum: max });

export const queryIntegerOr = (min: number, max: number, fallback: number) =>
  integerText(min, max).default(fallback).openapi({ type: 'integer', minimum: min, maximum: max, default: fallback });

// Request validation: one place that turns zod's issues into `errors: [{ path: "lines.0.quantity", message }]`.
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
