// HTTP glue shared by every command: POST /commands/<name> -> auth -> rate limit -> JSON body -> zod -> runner.
// The Idempotency-Key is scoped to the API key and bound to a hash of the command name and canonical body.
import { createHash } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { ValidationError } from '../../lib/errors.js';
import { principalOf } from '../http/auth.js';
import { sendJson } from '../http/json.js';
import { problem, sendProblem } from '../http/problem.js';
import { parseOrThrow } from '../http/fieldRules.js';
import type { CommandDefinition } from './commandDefinition.js';
import type { CommandRunner } from './adapters/postgres/commandRunner.js';
import type { IdempotencyRequest } from './adapters/postgres/idempotency.js';
import type { Tx } from './adapters/postgres/tx.js';

export interface CommandRoutesDeps {
  commands: readonly CommandDefinition<Tx>[];
  runner: CommandRunner;
  /** Run before the command name is looked up: authentication, rate limit. */
  access: RequestHandler[];
  /** Run once the command is known: content type, size limit, JSON parsing. */
  body: RequestHandler[];
  onOutcome?: (command: string, status: number) => void;
}

/** 1 to 255 visible ASCII characters; the OpenAPI document shows the same rule. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;

// Key order and whitespace must not make "the same body" look different.
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
      : value;

function idempotencyOf(header: string | undefined, command: string, body: unknown, apiKeyHash: string): IdempotencyRequest | undefined {
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw new ValidationError('invalid Idempotency-Key', [{ path: 'Idempotency-Key', message: '1 to 255 visible ASCII characters' }]);
  }
  const requestHash = createHash('sha256').update(`${command}\n${JSON.stringify(canonical(body))}`).digest('hex');
  return { apiKeyHash, key: header, command, requestHash };
}

export function createCommandRoutes({ commands, runner, access, body: bodyParsers, onOutcome = () => undefined }: CommandRoutesDeps): Router {
  const byName = new Map(commands.map((c) => [c.name, c]));
  const router = Router();
  const lookup: RequestHandler = (req, res, next) => {
    if (byName.has(String(req.params['name']))) return next();
    sendProblem(res, problem(404, 'unknown-command', `there is no command named ${JSON.stringify(req.params['name'])}`));
  };
  router.post('/commands/:name', ...access, lookup, ...bodyParsers, async (req, res) => {
    const def = byName.get(String(req.params['name'])) as CommandDefinition<Tx>;
    try {
      const input = parseOrThrow(def.schema, req.body);
      const key = idempotencyOf(req.get('idempotency-key'), def.name, req.body, principalOf(res).keyHash);
      const { status, body } = await runner.run(def, input, key);
      onOutcome(def.name, status);
      sendJson(res, status, body);
    } catch (error) {
      onOutcome(def.name, (error as { status?: number }).status ?? 500);
      throw error;
    }
  });
  return router;
}
