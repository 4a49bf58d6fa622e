// The command API's OpenAPI document, generated from each command's own zod schema.
import { z } from 'zod';
import { createOpenApi, problemResponse } from '../http/openapi.js';
import type { CommandDefinition } from './commandDefinition.js';

const accepted = z.object({ id: z.uuid(), version: z.number().int(), position: z.string() }).openapi('CommandAccepted');

const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_m, _d, ch: string) => ch.toUpperCase());

type CommandDoc = Pick<CommandDefinition<never>, 'name' | 'summary' | 'schema' | 'creates'>;

export function createCommandOpenApi(commands: readonly CommandDoc[]): unknown {
  const { registry, document } = createOpenApi({
    title: 'Sluice command API',
    version: '1.0.0',
    description: 'Commands on the commerce write model. Each command is one Postgres transaction.',
  });
  const idempotencyKey = z.string().min(1).max(255).optional().openapi({ description: 'Same key + same body replays the first response' });
  for (const command of commands) {
    registry.registerPath({
      method: 'post',
      path: `/commands/${command.name}`,
      summary: command.summary,
      tags: ['commands'],
      request: {
        headers: z.object({ 'Idempotency-Key': idempotencyKey }),
        body: { required: true, content: { 'application/json': { schema: registry.register(pascal(command.name), command.schema) } } },
      },
      responses: {
        [command.creates ? 201 : 200]: { description: 'Accepted', content: { 'application/json': { schema: accepted } } },
        400: problemResponse('Invalid body or malformed JSON'),
        401: problemResponse('Missing or unknown API key'),
        403: problemResponse('API key without the commands scope'),
        404: problemResponse('Unknown aggregate'),
        409: problemResponse('Business rule violated (code says which)'),
        413: problemResponse('Body too large'),
        415: problemResponse('Not application/json'),
        422: problemResponse('Idempotency-Key reused with a different body'),
        429: problemResponse('Rate limited'),
        503: problemResponse('Database unavailable'),
      },
    });
  }
  return document();
}
