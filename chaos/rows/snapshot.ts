// docs/reliability.md T20: Debezium's incremental snapshot of `orders` (the one `sluice apply` starts for a newly
// captured table, through the signal table) killed halfway by kill -9 Connect, under the workload's load. Halfway
// is read off the change topic: Debezium sends a chunk's rows as it reads them, so once half the table's rows
// arrived as records since the signal, the scan is in the middle. The row fails unless Debezium itself reports
// the table's scan completed after the restart (its sink notification), and the oracle then finds the store whole.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openNotificationWatch, collectionsOf, type SnapshotNotification } from '../../bin/apply/notifications.js';
import { snapshotSignal } from '../../bin/apply/plan.js';
import { connectorNotificationTopic, SIGNAL_TABLE } from '../../lib/names.js';
import { testSasl } from '../../testkit/kafka.js';
import { adminConfig } from '../../testkit/pg.js';
import type { Row } from '../row.js';
import { changeRecords, createOwner, insertOrders, startPatiently, whenRecords } from './behindTheApi.js';

/** Rows the snapshotted table holds at least: Debezium reads them in chunks of 1,024, enough for a middle to exist. */
const SNAPSHOT_ROWS = 8000;
const TABLE = 'orders';
const COLLECTION = `public.${TABLE}`;

const scanCompleted = (n: SnapshotNotification) =>
  n.type === 'TABLE_SCAN_COMPLETED' && /snapshot/i.test(n.aggregateType) && collectionsOf(n).includes(COLLECTION);

export const snapshotKilledHalfway: Row = {
  id: 'T20',
  injection: `incremental snapshot of ${TABLE} (at least ${SNAPSHOT_ROWS} rows) signalled, kill -9 Connect when half of it is on the topic, restart`,
  injects: ['connect'],
  effect: 'restart',
  convergeTimeoutMs: 420_000,
  async fault(n, holdMs) {
    const db = new pg.Client(adminConfig());
    await db.connect();
    const watch = await openNotificationWatch((process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), testSasl(), connectorNotificationTopic());
    try {
      const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${TABLE}`);
      const missing = SNAPSHOT_ROWS - Number(rows[0]?.n ?? 0);
      if (missing > 0) {
        const before = await changeRecords([TABLE]);
        await insertOrders(db, await createOwner(db, `t20-${Date.now().toString(36)}`), missing);
        await whenRecords([TABLE], before, missing, 300_000); // streamed before the snapshot starts
      }
      const size = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${TABLE}`)).rows[0]?.n ?? 0);
      const before = await changeRecords([TABLE]);
      const signal = snapshotSignal(`t20-${randomUUID()}`, TABLE); // the signal id is at most 42 characters
      await db.query(`INSERT INTO public.${SIGNAL_TABLE} (id, type, data) VALUES ($1, $2, $3)`, [signal.id, signal.type, signal.data]);
      await whenRecords([TABLE], before, size / 2, 300_000);
      await n.kill('connect');
      const read = (await changeRecords([TABLE])) - before;
      const done = await watch.next(scanCompleted, 1, 'scan completed before the kill').then(() => true, () => false);
      console.log(`T20: Connect killed with ${read} records of the ${size}-row snapshot on the topic${done ? ', after the scan completed' : ''}`);
      await new Promise((resolve) => setTimeout(resolve, holdMs));
      await startPatiently(n, 'connect');
      if (done || read >= size) throw new Error(`the kill landed after the snapshot's scan (${read} of ${size} rows read): not halfway`);
      const completed = await watch.next(scanCompleted, 300_000, `that the scan of ${COLLECTION} completed after the restart`);
      const status = completed.additional['status'] ?? 'SUCCEEDED';
      if (status !== 'SUCCEEDED') throw new Error(`the snapshot of ${COLLECTION} ended ${status} after the restart`);
    } finally {
      await watch.close();
      await db.end();
    }
  },
};
