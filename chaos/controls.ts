// The controls: rows that plant one known failure each, so that every check of the oracle is shown to fail when
// it should. A control passes only if the oracle reports the failure it planted, and only once its damage is
// undone (the runner verifies the stores clean again), so the rows after it start from a sound store.
import { randomUUID } from 'node:crypto';
import { readAlias } from '../lib/names.js';
import { testKafka } from '../testkit/kafka.js';
import type { PlantContext, Row } from './row.js';

type Doc = Record<string, unknown> & { version?: number };

/** The order the ledger acknowledged last, and its document as it stands (with its Elasticsearch version). */
async function lastOrder(
  c: PlantContext,
  accept: (effect: PlantContext['ledger'][number]) => boolean = () => true,
) {
  const latest = new Map<string, PlantContext['ledger'][number]>();
  for (const a of c.ledger)
    if (a.aggregate === 'orders' && (latest.get(a.id)?.version ?? 0) < a.version) latest.set(a.id, a);
  const chosen = [...latest.values()].reverse().find(accept) ?? [...latest.values()].at(-1);
  if (!chosen) throw new Error('the control found no acknowledged order');
  const index = readAlias('orders', c.indexPrefix);
  const got = await c.es.get<Doc>({ index, id: chosen.id });
  if (!got._source || got._version === undefined) throw new Error(`orders/${chosen.id} has no document`);
  return { id: chosen.id, index, source: got._source, esVersion: got._version };
}

/** Puts the document back as it was, above any version the damage used. */
const restore = (c: PlantContext, d: Awaited<ReturnType<typeof lastOrder>>) => async () => {
  await c.es.index({
    index: d.index,
    id: d.id,
    document: d.source,
    version: d.esVersion + 10,
    version_type: 'external',
    refresh: true,
  });
};

const planted = (id: string, injection: string, control: Row['control'], extra: Partial<Row> = {}): Row => ({
  id,
  injection,
  injects: [],
  effect: 'statement',
  convergeTimeoutMs: 10_000,
  fault: async () => undefined,
  control,
  ...extra,
});

const TRIGGER = 'chaos_control_refuse_payment';

export const CONTROLS: readonly Row[] = [
  planted('C-missing', "control: an acknowledged order's document deleted from Elasticsearch", {
    expect: 'missing',
    async plant(c) {
      const d = await lastOrder(c);
      await c.es.delete({ index: d.index, id: d.id, refresh: true });
      return restore(c, d);
    },
  }),
  planted('C-stale', 'control: a wrong status written with a higher external version', {
    expect: 'stale',
    async plant(c) {
      const d = await lastOrder(c);
      const status = d.source['status'] === 'cancelled' ? 'pending' : 'cancelled';
      await c.es.index({
        index: d.index,
        id: d.id,
        document: { ...d.source, status },
        version: d.esVersion + 1,
        version_type: 'external',
        refresh: true,
      });
      return restore(c, d);
    },
  }),
  planted('C-extra', 'control: a stray order document with no row behind it', {
    expect: 'extra',
    async plant(c) {
      const d = await lastOrder(c);
      const id = randomUUID();
      await c.es.index({ index: d.index, id, document: { ...d.source, id }, refresh: true });
      return async () => void (await c.es.delete({ index: d.index, id, refresh: true }));
    },
  }),
  planted('C-backwards', "control: an order's document rewritten one version back", {
    expect: 'backwards',
    async plant(c) {
      const d = await lastOrder(c, (a) => a.version > 1);
      await c.es.index({
        index: d.index,
        id: d.id,
        document: { ...d.source, version: (d.source.version ?? 1) - 1 },
        refresh: true,
      });
      return restore(c, { ...d, esVersion: d.esVersion + 1 });
    },
  }),
  planted('C-dead-letter', 'control: a dead letter parked on the dead-letter topic', {
    expect: 'dead-letter',
    async plant(c) {
      const producer = testKafka().producer();
      await producer.connect();
      try {
        const letter = {
          topic: 'chaos-control',
          partition: 0,
          offset: '0',
          reason: 'control',
          detail: 'planted by the dead-letter control',
          parkedAt: new Date().toISOString(),
        };
        await producer.send({
          topic: c.dlqTopic,
          messages: [{ key: 'chaos-control/0/0', value: JSON.stringify(letter) }],
        });
      } finally {
        await producer.disconnect();
      }
      return async () => undefined; // the next row takes its own dead-letter baseline
    },
  }),
  planted(
    'C-rollback',
    'control: a paid order set back to pending in Postgres behind the API, version kept',
    {
      expect: 'ledger',
      async plant(c) {
        const d = await lastOrder(c, (a) => a.effect.kind === 'status' && a.effect.status === 'paid');
        const { rows } = await c.pg.query<{ status: string; paid_at: Date | null }>(
          'SELECT status, paid_at FROM orders WHERE id = $1',
          [d.id],
        );
        const before = rows[0];
        if (!before) throw new Error(`orders/${d.id} is not in Postgres`);
        await c.pg.query(
          `UPDATE orders SET status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE 'pending' END, paid_at = NULL WHERE id = $1`,
          [d.id],
        );
        return async () =>
          void (await c.pg.query('UPDATE orders SET status = $2, paid_at = $3 WHERE id = $1', [
            d.id,
            before.status,
            before.paid_at,
          ]));
      },
    },
  ),
  planted(
    'C-5xx',
    'control: a trigger makes payments fail for the hold (the command API answers 500)',
    {
      expect: '5xx',
      cleanup: async (n) =>
        n.sql(`DROP TRIGGER IF EXISTS ${TRIGGER} ON payments; DROP FUNCTION IF EXISTS ${TRIGGER}()`),
    },
    {
      async fault(n, holdMs) {
        await n.sql(
          `CREATE FUNCTION ${TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the 5xx control'; END $$`,
        );
        await n.sql(
          `CREATE TRIGGER ${TRIGGER} BEFORE INSERT ON payments FOR EACH ROW EXECUTE FUNCTION ${TRIGGER}()`,
        );
        try {
          await new Promise((resolve) => setTimeout(resolve, holdMs));
        } finally {
          await n.sql(`DROP TRIGGER IF EXISTS ${TRIGGER} ON payments; DROP FUNCTION IF EXISTS ${TRIGGER}()`);
        }
      },
    },
  ),
  planted(
    'control',
    'control: kill -9 projector, not restarted until judged (must be reported as lost)',
    { expect: 'lost', cleanup: (n) => n.start('projector') },
    { injects: ['projector'], effect: 'restart', fault: async (n) => n.kill('projector') },
  ),
];
