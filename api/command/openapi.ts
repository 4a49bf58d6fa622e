// The command API's OpenAPI document, generated from each command's own zod schema. Links say which commands take
// the id another one answers with, so a client (or a stateful test tool) can chain them.
import { z } from 'zod';
import { createOpenApi, errorResponses, type ErrorStatus } from '../http/openapi.js';
import type { CommandDefinition } from './commandDefinition.js';
import { IDEMPOTENCY_KEY } from './commandRoutes.js';

const accepted = z
  .object({
    id: z.uuid(),
    version: z.number().int().min(1),
    position: z.string().openapi({ description: 'Pass back to the query API as minPosition to read this write' }),
  })
  .openapi('CommandAccepted');

const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_m, _d, ch: string) => ch.toUpperCase());
const camel = (name: string) => name.replace(/-(\w)/g, (_m, ch: string) => ch.toUpperCase());

// The commands that act on the aggregate a creating command answers with, and the body field that names it.
const follows: Record<string, { field: string; commands: string[] }> = {
  'register-customer': { field: 'customerId', commands: ['change-customer-details', 'place-order'] },
  'add-product': { field: 'productId', commands: ['rename-product', 'change-product-price', 'restock-product'] },
  'place-order': { field: 'orderId', commands: ['add-order-line', 'remove-order-line', 'pay-order', 'cancel-order', 'ship-order'] },
};

function linksOf(command: string, known: ReadonlySet<string>) {
  const next = follows[command];
  if (!next) return undefined;
  const targets = next.commands.filter((name) => known.has(name));
  return Object.fromEntries(
    targets.map((name) => [pascal(name), { operationId: camel(name), requestBody: { [next.field]: '$response.body#/id' }, description: `${next.field} is the id this command answered with` }]),
  );
}

type CommandDoc = Pick<CommandDefinition<never>, 'name' | 'summary' | 'schema' | 'creates'>;

// A 404 exists only for commands that name an existing aggregate (a body field `...Id`).
const namesAggregates = (schema: z.ZodType) => schema instanceof z.ZodObject && Object.keys(schema.shape).some((key) => key.endsWith('Id'));

export function createCommandOpenApi(commands: readonly CommandDoc[]): unknown {
  const { registry, document } = createOpenApi({
    title: 'Sluice command API',
    version: '1.0.0',
    description: 'Commands on the commerce write model. Each command is one Postgres transaction.',
  });
  const idempotencyKey = z
    .string()
    .regex(IDEMPOTENCY_KEY)
    .optional()
    .openapi({ description: 'Same key + same command and body replays the first response; 1 to 255 visible ASCII characters' });
  const known = new Set(commands.map((c) => c.name));
  for (const command of commands) {
    const statuses: ErrorStatus[] = [400, 401, 403, ...(namesAggregates(command.schema) ? [404 as const] : []), 409, 413, 415, 422, 429, 503];
    const links = linksOf(command.name, known);
    registry.registerPath({
      method: 'post',
      path: `/commands/${command.name}`,
      operationId: camel(command.name),
      summary: command.summary,
      tags: ['commands'],
      request: {
        headers: z.object({ 'Idempotency-Key': idempotencyKey }),
        body: { required: true, content: { 'application/json': { schema: registry.register(pascal(command.name), command.schema) } } },
      },
      responses: {
        [command.creates ? 201 : 200]: { description: 'Accepted', content: { 'application/json': { schema: accepted } }, ...(links ? { links } : {}) },
        ...errorResponses(statuses, { 400: 'Invalid body, malformed JSON or invalid Idempotency-Key: `errors` names each field', 503: 'Database unavailable (`service-unavailable`), or more commands than the service takes at once while nothing is down (`overloaded`); retry after Retry-After with the same Idempotency-Key' }),
      },
    });
  }
  return document();
}
