// The three served OpenAPI documents are valid OpenAPI 3 (checked by @seriousme/openapi-schema-validator against
// the official schema) and internally consistent in ways that schema cannot check: unique operation ids, links
// that lead to an existing operation, parameter defaults that satisfy their own schema. docs/http-api.md
import { Validator } from '@seriousme/openapi-schema-validator';
import { createCommandOpenApi } from '../command/openapi.js';
import { createCustomerCommands } from '../command/customers/handlers.js';
import { createOrderCommands } from '../command/orders/handlers.js';
import { createProductCommands } from '../command/products/handlers.js';
import { createOpsOpenApi } from '../ops/openapi.js';
import { createQueryOpenApi } from '../query/openapi.js';
import { projections } from '../../model/registry.js';

interface Schema { type?: string; minimum?: number; maximum?: number; enum?: unknown[]; pattern?: string; default?: unknown }
interface Parameter { name: string; in: string; schema: Schema }
interface Operation { operationId?: string; parameters?: Parameter[]; responses: Record<string, { links?: Record<string, { operationId: string }> }> }
interface Document { openapi: string; paths: Record<string, Record<string, Operation>> }

const newId = () => '00000000-0000-4000-8000-000000000000';
const commands = [...createCustomerCommands({ newId }), ...createProductCommands({ newId }), ...createOrderCommands({ newId })];
const documents: [string, Document][] = [
  ['command', createCommandOpenApi(commands) as Document],
  ['query', createQueryOpenApi(projections) as Document],
  ['ops', createOpsOpenApi(projections.map((p) => p.name)) as Document],
];

const operations = (doc: Document) => Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

// Why a default does not fit its schema, or undefined when it does.
function defaultProblem(schema: Schema): string | undefined {
  const value = schema.default;
  if (value === undefined) return undefined;
  if (schema.type === 'integer' && !Number.isInteger(value)) return `integer parameter with default ${JSON.stringify(value)}`;
  if (schema.type === 'string' && typeof value !== 'string') return `string parameter with default ${JSON.stringify(value)}`;
  if (typeof value === 'number' && ((schema.minimum ?? value) > value || (schema.maximum ?? value) < value)) return `default ${value} out of range`;
  if (schema.enum && !schema.enum.includes(value)) return `default ${JSON.stringify(value)} not in enum`;
  if (schema.pattern && typeof value === 'string' && !new RegExp(schema.pattern).test(value)) return `default does not match ${schema.pattern}`;
  return undefined;
}

describe.each(documents)('the %s API document', (_name, doc) => {
  it('is valid OpenAPI 3 per the official schema', async () => {
    const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\./);
  });

  it('gives every operation a unique operationId and links only to operations it has', () => {
    const ids = operations(doc).map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const targets = operations(doc).flatMap(({ op }) => Object.values(op.responses).flatMap((r) => Object.values(r.links ?? {}).map((l) => l.operationId)));
    expect(targets.filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('has parameter defaults that satisfy their own schema', () => {
    const problems = operations(doc).flatMap(({ path, method, op }) =>
      (op.parameters ?? []).flatMap((p) => {
        const why = defaultProblem(p.schema);
        return why ? [`${method.toUpperCase()} ${path} ${p.name}: ${why}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });
});
