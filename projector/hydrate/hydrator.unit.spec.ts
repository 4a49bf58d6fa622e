import { ServiceError } from '../../lib/errors.js';
import { createMetrics } from '../metrics.js';
import { ordersProjection } from '../../model/projections/orders/orders.js';
import type { DeadLetter } from '../ports.js';
import type { BulkOp } from '../../model/bulk/bulkPlan.js';
import { createHydrator, type DirtyWork } from './hydrator.js';
import type { BulkItemResult } from '../../model/bulk/settle.js';

const work = (id: string): DirtyWork => ({ id, txIds: [7], tsMs: 1, topic: 'd', partition: 0, offset: '5' });

/** By default the snapshot sees no causing transaction (7 >= xmax), so nothing is ever already covered. */
function setup(responses: Array<(ops: readonly BulkOp[]) => BulkItemResult[]>, snapshot = { xmin: 1n, xmax: 2n, xip: [] as bigint[] }) {
  let version = 10;
  const sent: BulkOp[][] = [];
  const letters: DeadLetter[] = [];
  const metrics = createMetrics();
  const hydrator = createHydrator({
    reader: { read: async (_p, ids) => ({ version: version++, snapshot, waits: 0, docs: new Map(ids.filter((id) => id !== 'gone').map((id) => [id, { id }])) }) },
    store: {
      bulk: async (_index, ops) => {
        sent.push([...ops]);
        const respond = responses.shift();
        if (!respond) throw new Error('unexpected bulk');
        return respond(ops);
      },
    },
    deadLetters: { park: async (l) => void letters.push(...l) },
    metrics,
    targets: async () => ['orders'],
    sleep: async () => undefined,
  });
  return { hydrator, sent, letters, metrics };
}

const all = (status: number, errorType?: string) => (ops: readonly BulkOp[]) => ops.map((op) => ({ id: op.id, action: op.action, status, ...(errorType ? { errorType } : {}) }));

describe('hydrator: every bulk item is settled', () => {
  it('indexes present roots and deletes absent ones with the snapshot version', async () => {
    const { hydrator, sent } = setup([all(201)]);
    await hydrator.hydrate(ordersProjection, [work('a'), work('gone')], async () => true);
    expect(sent[0]).toEqual([
      { action: 'index', id: 'a', version: 10, doc: { id: 'a' } },
      { action: 'delete', id: 'gone', version: 10 },
    ]);
  });

  it('treats 409 as a benign no-op and dead-letters mapping rejections with their coordinates', async () => {
    const { hydrator, sent, letters } = setup([(ops) => [{ id: ops[0]!.id, action: 'index', status: 409 }, { id: ops[1]!.id, action: 'index', status: 400, errorType: 'document_parsing_exception' }]]);
    await hydrator.hydrate(ordersProjection, [work('a'), work('b')], async () => true);
    expect(sent).toHaveLength(1);
    expect(letters).toEqual([expect.objectContaining({ id: 'b', topic: 'd', partition: 0, offset: '5', reason: 'bulk-item-rejected' })]);
  });

  it('retries only 429/5xx items, rebuilt from a fresh snapshot with a newer version', async () => {
    const { hydrator, sent } = setup([(ops) => [{ id: ops[0]!.id, action: 'index', status: 201 }, { id: ops[1]!.id, action: 'index', status: 429 }], all(201)]);
    await hydrator.hydrate(ordersProjection, [work('a'), work('b')], async () => true);
    expect(sent[1]).toEqual([{ action: 'index', id: 'b', version: 11, doc: { id: 'b' } }]);
  });

  it('retries a failed request as a whole, and stops without settling when the consumer stops', async () => {
    const failing = () => {
      throw new ServiceError('es down');
    };
    const { hydrator } = setup([failing, failing]);
    await expect(hydrator.hydrate(ordersProjection, [work('a')], async () => false)).rejects.toThrow(/aborted/);
  });
});

describe('hydrator: bulk conservation (docs/reliability.md T08)', () => {
  it('counts every item answered once as sent and once by outcome and status: sent = written + conflict + retry + dead', async () => {
    const mixed = (ops: readonly BulkOp[]) => ops.map((op, i) => ({ id: op.id, action: op.action, status: [201, 409, 429, 400, 503][i]!, ...(i === 3 ? { errorType: 'document_parsing_exception' } : {}) }));
    const { hydrator, metrics } = setup([mixed, all(201)]);
    await hydrator.hydrate(ordersProjection, ['a', 'b', 'c', 'd', 'e'].map(work), async () => true);
    const { values } = await metrics.bulkItems.get();
    const sum = (outcome: string, status?: string) => values.filter((v) => v.labels.outcome === outcome && (status === undefined || v.labels.status === status)).reduce((n, v) => n + v.value, 0);
    expect({ sent: sum('sent'), written: sum('written'), conflict: sum('conflict'), retry429: sum('retry', '429'), retry503: sum('retry', '503'), dead: sum('dead', '400') }).toEqual({ sent: 7, written: 3, conflict: 1, retry429: 1, retry503: 1, dead: 1 });
  });
});

describe('hydrator: a bulk request refused as a whole', () => {
  it('counts its items as request-retry with the request status, outside sent, and retries them', async () => {
    const refused = () => {
      throw new ServiceError('elasticsearch bulk failed: es_rejected_execution_exception', { cause: Object.assign(new Error('429'), { meta: { statusCode: 429 } }) });
    };
    const { hydrator, metrics, sent } = setup([refused, all(201)]);
    await hydrator.hydrate(ordersProjection, [work('a'), work('b')], async () => true);
    const { values } = await metrics.bulkItems.get();
    expect(values.map((v) => [v.labels.outcome, v.labels.status, v.value])).toEqual(expect.arrayContaining([['request-retry', '429', 2], ['sent', '', 2], ['written', '201', 2]]));
    expect(sent).toHaveLength(2);
  });
});

describe('hydrator: a mark whose causes the last write already saw', () => {
  const seesTx7 = { xmin: 1n, xmax: 100n, xip: [] as bigint[] };

  it('is not read or written again; a mark with a newer cause is', async () => {
    const { hydrator, sent } = setup([all(201), all(201)], seesTx7);
    await hydrator.hydrate(ordersProjection, [work('a')], async () => true);
    await hydrator.hydrate(ordersProjection, [work('a')], async () => true);
    expect(sent).toHaveLength(1);
    await hydrator.hydrate(ordersProjection, [{ ...work('a'), txIds: [150] }], async () => true);
    expect(sent).toHaveLength(2);
  });

  it('is written again when the last write saw the cause only in progress, or when nothing says what caused it', async () => {
    const { hydrator, sent } = setup([all(201), all(201), all(201)], { xmin: 1n, xmax: 100n, xip: [7n] });
    await hydrator.hydrate(ordersProjection, [work('a')], async () => true);
    await hydrator.hydrate(ordersProjection, [work('a')], async () => true);
    await hydrator.hydrate(ordersProjection, [{ ...work('a'), txIds: [] }], async () => true);
    expect(sent).toHaveLength(3);
  });

  it('is written again after a write that must be retried', async () => {
    const { hydrator, sent } = setup([all(503), all(201), all(201)], seesTx7);
    await hydrator.hydrate(ordersProjection, [work('a')], async () => true);
    expect(sent).toHaveLength(2);
  });
});
