// docs/reliability.md T40: nothing the launcher starts listens beyond loopback. Every component of the stack the
// tests run on (Postgres, Kafka, Connect, Elasticsearch: the same launcher and settings as `npm start`) is found by
// the PID the launcher recorded, and every TCP socket its process tree listens on must be 127.0.0.1 or ::1. Each
// component must show at least one listener, so a broken reading of /proc cannot pass for a clean one.
import { resolve } from 'node:path';
import { readRecord } from '../../infra/native/processes.js';
import { infraComponents } from '../../infra/native/index.js';
import { createLayout } from '../../infra/native/layout.js';
import { isLoopback, listenersOf } from '../../testkit/listeners.js';

const layout = createLayout(resolve(process.env['SLUICE_HOME'] ?? '.infra'));

describe('every listener of the stack is on loopback', () => {
  it.each(infraComponents.map((c) => c.name))('%s', (name) => {
    const record = readRecord(layout.pidFile(name));
    expect(record).toBeDefined();
    const listeners = listenersOf(record!.pid);
    expect(listeners.length).toBeGreaterThan(0);
    expect(listeners.filter((l) => !isLoopback(l.address))).toEqual([]);
  });
});
