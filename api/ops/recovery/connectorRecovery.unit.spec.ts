import { createLogger } from '../../../lib/logger.js';
import { decideRecovery, initialRecovery, stuckReason, superviseConnector, type RecoveryPolicy } from './connectorRecovery.js';
import type { ConnectorFigures } from '../lag/sample.js';

const policy: RecoveryPolicy = { stuckForMs: 15_000, stalledForMs: 20_000, stalledRestartMs: 300_000, backoffMs: 30_000, maxBackoffMs: 100_000 };
// A slot that keeps up: confirmed equals current.
const healthySlot = { holder: async () => ({ activePid: 42, confirmedLsn: '0/10', currentLsn: '0/10' }), terminate: async () => true };
const figures = (state: string, tasks: string[] = ['RUNNING']): ConnectorFigures => ({ name: 'c', found: true, state, tasks: tasks.map((s, id) => ({ id, state: s })) });

describe('stuckReason', () => {
  it('names what is stuck and leaves running, paused and unregistered connectors alone', () => {
    expect(stuckReason(figures('RUNNING'))).toBeUndefined();
    expect(stuckReason(figures('PAUSED', ['PAUSED']))).toBeUndefined();
    expect(stuckReason({ name: 'c', found: false, state: 'NOT_REGISTERED', tasks: [] })).toBeUndefined();
    expect(stuckReason(figures('UNASSIGNED', ['RUNNING']))).toBe('connector UNASSIGNED');
    expect(stuckReason(figures('RUNNING', ['FAILED']))).toBe('task 0 FAILED');
    expect(stuckReason(figures('RUNNING', []))).toBe('connector RUNNING without a task');
  });
});

describe('decideRecovery', () => {
  // Feeds observations every second and returns the seconds at which a restart was decided.
  const restartsOver = (observe: (second: number) => ConnectorFigures, seconds: number): number[] => {
    let state = initialRecovery(policy);
    const at: number[] = [];
    for (let s = 0; s <= seconds; s++) {
      const decided = decideRecovery(state, observe(s), s * 1000, policy);
      state = decided.state;
      if (decided.action) at.push(s);
    }
    return at;
  };

  it('waits for the stuck period, then retries with a doubling pause up to the maximum', () => {
    expect(restartsOver(() => figures('UNASSIGNED'), 400)).toEqual([15, 45, 105, 205, 305, 405].filter((s) => s <= 400));
  });

  it('never restarts a connector that recovers on its own within the stuck period', () => {
    expect(restartsOver((s) => (s % 10 < 8 ? figures('UNASSIGNED') : figures('RUNNING')), 300)).toEqual([]);
  });

  it('starts over with the first pause after the connector ran again', () => {
    const stuck = (s: number) => s < 100 || s >= 200;
    // 15 and 45 in the first outage; then running; the second outage starts at 200: 215, 245.
    expect(restartsOver((s) => (stuck(s) ? figures('RUNNING', ['FAILED']) : figures('RUNNING')), 250)).toEqual([15, 45, 215, 245]);
  });
});

describe('superviseConnector', () => {
  it('restarts through the given function and reports what it did and when it tries next', async () => {
    let now = 0;
    const restarts: number[] = [];
    const probe = superviseConnector({
      probe: async () => figures('UNASSIGNED'),
      restart: async () => void restarts.push(now),
      slot: healthySlot,
      policy,
      logger: createLogger('test', 'silent'),
      now: () => now,
    });
    expect((await probe()).recovery).toEqual({ restarts: 0, stuckForMs: 0, nextAttemptInMs: 15_000 });
    now = 15_000;
    const after = (await probe()).recovery;
    expect(restarts).toEqual([15_000]);
    expect(after).toMatchObject({ restarts: 1, lastReason: 'restart: connector UNASSIGNED', nextAttemptInMs: 30_000 });
  });

  it('keeps the error of a restart that failed', async () => {
    const probe = superviseConnector({
      probe: async () => figures('FAILED', ['FAILED']),
      restart: async () => {
        throw new Error('Kafka Connect unreachable');
      },
      slot: healthySlot,
      policy: { ...policy, stuckForMs: 0 },
      logger: createLogger('test', 'silent'),
    });
    expect((await probe()).recovery).toMatchObject({ restarts: 1, lastError: 'Kafka Connect unreachable' });
  });

  // The leak after a Kafka outage: connector and task RUNNING, the slot held by the abandoned task's walsender,
  // nothing confirmed while the heartbeat keeps writing WAL.
  it('ends the walsender holding a stalled slot and leaves the starting task alone', async () => {
    let now = 0;
    let current = 100;
    const actions: string[] = [];
    const probe = superviseConnector({
      probe: async () => figures('RUNNING'),
      restart: async () => void actions.push('restart'),
      slot: {
        holder: async () => ({ activePid: 4711, confirmedLsn: '0/64', currentLsn: `0/${(current += 16).toString(16)}` }),
        terminate: async (pid) => (actions.push(`terminate ${pid}`), true),
      },
      policy,
      logger: createLogger('test', 'silent'),
      now: () => now,
    });
    for (; now <= 60_000; now += 1_000) await probe();
    // Stalled for 20 s (t = 20 s), then stuck for 15 s more: the walsender is ended at t = 35 s, no restart.
    expect(actions).toEqual(['terminate 4711']);
    expect((await probe()).recovery?.lastReason).toMatch(/^end-walsender: the replication slot confirmed nothing .*held by walsender 4711/);
  });

  it('restarts the connector when a stalled slot stays free for long', async () => {
    let now = 0;
    let current = 100;
    const actions: string[] = [];
    const probe = superviseConnector({
      probe: async () => figures('RUNNING'),
      restart: async () => void actions.push(`restart at ${now / 1000}`),
      slot: { holder: async () => ({ activePid: null, confirmedLsn: '0/64', currentLsn: `0/${(current += 16).toString(16)}` }), terminate: async () => true },
      policy,
      logger: createLogger('test', 'silent'),
      now: () => now,
    });
    for (; now <= 320_000; now += 1_000) await probe();
    // Free for 300 s, then the stuck period: 315 s.
    expect(actions).toEqual(['restart at 315']);
  });

  it('leaves a slot alone while it confirms, even far behind', async () => {
    let now = 0;
    let confirmed = 0;
    const actions: string[] = [];
    const probe = superviseConnector({
      probe: async () => figures('RUNNING'),
      restart: async () => void actions.push('restart'),
      slot: { holder: async () => ({ activePid: 1, confirmedLsn: `0/${(confirmed += 1).toString(16)}`, currentLsn: 'F/0' }), terminate: async () => true },
      policy,
      logger: createLogger('test', 'silent'),
      now: () => now,
    });
    for (; now <= 120_000; now += 1_000) await probe();
    expect(actions).toEqual([]);
  });
});
