// The served AsyncAPI document is valid AsyncAPI 3.0.0 (the official JSON Schema from @asyncapi/specs, checked by
// ajv), every $ref in it resolves, every event type is on exactly one channel, and the generated payload schemas
// accept what the command API actually emits and refuse what it must not.
import specs from '@asyncapi/specs';
import { Ajv } from 'ajv';
import { createEventsAsyncApi } from './asyncapi.js';
import { EVENTS, type EventType } from './schemas.js';

const doc = createEventsAsyncApi();
// AsyncAPI's own schema uses formats ajv does not know by default; their checks are not what is tested here.
const ajv = () => new Ajv({ strict: false, allErrors: true, validateFormats: false });
// The bundled AsyncAPI schema carries its own copy of the draft-07 meta-schema, so ajv must not add another one.
const specAjv = () => new Ajv({ strict: false, allErrors: true, validateFormats: false, meta: false, validateSchema: false });

function resolve(ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
}

const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';

describe('the events AsyncAPI document', () => {
  it('is valid AsyncAPI 3.0.0 per the official JSON Schema', () => {
    const validate = specAjv().compile(specs.schemas['3.0.0']);
    const valid = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has no dangling $ref', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(12);
    expect(refs.filter((ref) => resolve(ref) === undefined)).toEqual([]);
  });

  it('puts every event type on exactly one channel, the one of its aggregate, at sluice.events.<aggregate>', () => {
    const onChannels = Object.entries(doc.channels).flatMap(([name, c]) => Object.keys(c.messages).map((type) => [type, name, c.address]));
    expect(onChannels.map(([type]) => type).sort()).toEqual(Object.keys(EVENTS).sort());
    for (const [type, channel, address] of onChannels) {
      expect(channel).toBe(EVENTS[type as EventType].aggregate);
      expect(address).toBe(`sluice.events.${channel}`);
    }
  });

  it('has payload schemas that accept an emitted event and refuse a wrong or extra field', () => {
    const validate = ajv().compile(doc.components.messages['OrderPlaced']?.payload ?? {});
    const placed = { orderId: U1, customerId: U2, lines: [{ productId: U2, quantity: 2, unitPriceCents: 100 }], totalCents: 200 };
    expect(validate(placed)).toBe(true);
    expect(validate({ ...placed, totalCents: '200' })).toBe(false);
    expect(validate({ ...placed, stock: [] })).toBe(false);
    expect(validate({ ...placed, lines: [] })).toBe(false);
  });
});
