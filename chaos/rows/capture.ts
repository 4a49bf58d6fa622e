// The capture side of the fault matrix (docs/reliability.md T04, T06x5, T20, T30): what Debezium must capture
// through Connect and Kafka dying, whatever the transactions around the kill look like. Every row runs under the
// chaos workload and is judged by the same oracle as the rest of chaos/rows.ts; what a row writes itself goes
// through the captured tables, so the oracle's whole-alias verify finds any change that was not captured.
import pg from 'pg';
import { adminConfig } from '../../testkit/pg.js';
import type { Row } from '../row.js';
import { changeRecords, createOwner, insertOrders, startPatiently, whenRecords } from './behindTheApi.js';
import { snapshotKilledHalfway } from './snapshot.js';
import { commandBurst } from './burst.js';

const hold = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Orders of the long transaction, before and after Connect is killed (each with one line). */
const LONG_ORDERS = 200;
/** Orders of the multi-row insert during which Connect is killed (orders and lines: twice as many records). */
const BULK_ORDERS = 4000;
const LINES_AND_ORDERS = ['orders', 'order_lines'];

const T04: Row = {
  id: 'T04',
  injection: 'a long transaction over several tables held open across kill -9 Connect and committed while it is down; Connect killed again while it streams a multi-row insert',
  injects: ['connect'],
  effect: 'restart',
  convergeTimeoutMs: 300_000,
  async fault(n, holdMs) {
    const tag = `t04-${Date.now().toString(36)}`;
    const long = new pg.Client(adminConfig());
    await long.connect();
    try {
      // Begun while Connect streams: the workload's short transactions commit around it the whole time.
      await long.query('BEGIN');
      const owner = await createOwner(long, tag);
      await insertOrders(long, owner, LONG_ORDERS / 2);
      await hold(holdMs / 3);
      await n.kill('connect');
      await insertOrders(long, owner, LONG_ORDERS / 2);
      await long.query('UPDATE customers SET city = $2, version = version + 1 WHERE id = $1', [owner.customerId, 'Paris']);
      await long.query('COMMIT'); // Connect is down: the commit reaches it only through the slot
    } finally {
      await long.end();
    }
    await hold(holdMs / 3);
    await startPatiently(n, 'connect');
    // One statement of BULK_ORDERS orders and as many lines, committed; Connect killed once part of it is on the
    // topics (Debezium sends a transaction's changes as it decodes them), so it must replay it from its BEGIN.
    const before = await changeRecords(LINES_AND_ORDERS);
    const bulk = new pg.Client(adminConfig());
    await bulk.connect();
    try {
      await insertOrders(bulk, await createOwner(bulk, `${tag}-bulk`), BULK_ORDERS);
    } finally {
      await bulk.end();
    }
    const total = BULK_ORDERS * 2;
    await whenRecords(LINES_AND_ORDERS, before, total / 4, 300_000); // the task streams again
    await n.kill('connect');
    const arrived = (await changeRecords(LINES_AND_ORDERS)) - before; // what Connect had produced when it died
    console.log(`T04: Connect killed with ${arrived} of the multi-row insert's ${total} change records on the topics${arrived >= total ? ' (all: the kill landed after it)' : ''}`);
    await hold(holdMs / 3);
    await startPatiently(n, 'connect');
  },
};

const T06x5: Row = {
  id: 'T06x5',
  injection: 'kill -9 Kafka and restart it, five times in a row (a fifth of the hold down each time)',
  injects: ['kafka'],
  effect: 'restart',
  // As T06: a Connect task revoked by the outage is given a minute to stop, then Debezium re-registers.
  convergeTimeoutMs: 420_000,
  async fault(n, holdMs) {
    for (let i = 0; i < 5; i++) {
      await n.kill('kafka');
      await hold(Math.max(2_000, holdMs / 5));
      await startPatiently(n, 'kafka');
    }
  },
};

export const CAPTURE_ROWS: readonly Row[] = [T04, T06x5, snapshotKilledHalfway, commandBurst];
