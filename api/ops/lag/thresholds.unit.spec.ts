import type { ConnectorFigures, GroupLag, SlotFigures } from './sample.js';
import { evaluateConnector, evaluateDeadLetters, evaluateFreshness, evaluateGroup, evaluateIndexes, evaluateSlot, limit, worst, type Thresholds } from './thresholds.js';

const t: Thresholds = { maxSlotLagBytes: 1_000, maxRetainedWalBytes: 10_000, maxConsumerLag: 100, maxDirtyBacklog: 50, maxFreshnessP99Ms: 5_000, maxDeadLetters: 0, failingFactor: 4 };

const slot = (over: Partial<SlotFigures> = {}): SlotFigures => ({
  slotName: 'sluice_slot', exists: true, active: true, walStatus: 'reserved', lagBytes: 100, retainedWalBytes: 500, safeWalSizeBytes: null,
  flushLagMs: 10, currentLsn: '0/1', walPositionBytes: 1, confirmedFlushLsn: '0/1', ...over,
});
const group = (over: Partial<GroupLag> = {}): GroupLag => ({
  groupId: 'g', state: 'Stable', members: 1, lag: 0, committed: 10, end: 10, everCommitted: true, topics: [{ topic: 't', exists: true, lag: 0, end: 10, partitions: [] }], ...over,
});
const connector = (over: Partial<ConnectorFigures> = {}): ConnectorFigures => ({ name: 'c', found: true, state: 'RUNNING', tasks: [{ id: 0, state: 'RUNNING' }], ...over });

describe('thresholds', () => {
  it('a figure within its limit is ok, over it degraded, far over it failing', () => {
    const say = (v: number) => `${v}`;
    expect(limit(100, 100, 4, say).status).toBe('ok');
    expect(limit(101, 100, 4, say)).toEqual({ status: 'degraded', reasons: ['101'] });
    expect(limit(401, 100, 4, say).status).toBe('failing');
    expect(limit(null, 100, 4, say).status).toBe('ok');
  });

  it('the worst status wins', () => {
    expect(worst([])).toBe('ok');
    expect(worst(['ok', 'failing', 'degraded'])).toBe('failing');
  });

  describe('slot', () => {
    it('given a healthy active slot, then ok', () => expect(evaluateSlot(slot(), t)).toEqual({ status: 'ok', reasons: [] }));
    it('given no consumer attached, then degraded with the likely cause', () => {
      expect(evaluateSlot(slot({ active: false }), t)).toEqual({ status: 'degraded', reasons: [expect.stringMatching(/Kafka Connect/)] });
    });
    it('given retained WAL far over the limit, then failing', () => expect(evaluateSlot(slot({ retainedWalBytes: 50_000 }), t).status).toBe('failing'));
    it('given unconfirmed WAL over the limit, then degraded', () => expect(evaluateSlot(slot({ lagBytes: 2_000 }), t).status).toBe('degraded'));
    it('given lost WAL, then failing and the runbook is named', () => {
      expect(evaluateSlot(slot({ walStatus: 'lost' }), t)).toEqual({ status: 'failing', reasons: [expect.stringMatching(/re-snapshot/)] });
    });
    it('given no slot at all, then failing', () => expect(evaluateSlot(slot({ exists: false }), t).status).toBe('failing'));
  });

  describe('connector', () => {
    it('given connector and task RUNNING, then ok', () => expect(evaluateConnector(connector()).status).toBe('ok'));
    it('given a failed task, then failing with its message', () => {
      const v = evaluateConnector(connector({ tasks: [{ id: 0, state: 'FAILED', trace: 'org.postgresql.util.PSQLException: boom\n\tat x' }] }));
      expect(v).toEqual({ status: 'failing', reasons: ['task 0 is FAILED: org.postgresql.util.PSQLException: boom'] });
    });
    it('given a paused connector, then failing', () => expect(evaluateConnector(connector({ state: 'PAUSED' })).status).toBe('failing'));
    it('given no registration, then failing with the fix', () => {
      expect(evaluateConnector(connector({ found: false, tasks: [] })).reasons).toEqual([expect.stringMatching(/sluice up connect/)]);
    });
  });

  describe('consumer groups', () => {
    it('given a caught-up group, then ok', () => expect(evaluateGroup(group(), 100, 4, 'resolve').status).toBe('ok'));
    it('given lag over the limit, then degraded; far over, failing', () => {
      expect(evaluateGroup(group({ lag: 150 }), 100, 4, 'resolve').status).toBe('degraded');
      expect(evaluateGroup(group({ lag: 1_000 }), 100, 4, 'resolve').status).toBe('failing');
    });
    it('given a group that never committed and has no member, then degraded: the projector is not running', () => {
      expect(evaluateGroup(group({ everCommitted: false, members: 0, state: 'Dead' }), 100, 4, 'resolve').reasons).toEqual([expect.stringMatching(/projector running/)]);
    });
    it('given a group with lag but no member, then degraded', () => expect(evaluateGroup(group({ members: 0, lag: 5 }), 100, 4, 'hydrate').status).toBe('degraded'));
  });

  it('indexes: a missing alias degrades', () => {
    expect(evaluateIndexes([{ projection: 'orders', alias: 'orders', index: null, docs: 0, storeBytes: 0, indexedTotal: 0, searchableAsOf: null }]).status).toBe('degraded');
    expect(evaluateIndexes([{ projection: 'orders', alias: 'orders', index: 'orders_v1', docs: 1, storeBytes: 1, indexedTotal: 1, searchableAsOf: null }]).status).toBe('ok');
  });

  it('indexes: a frozen projection fails the stage, with the fix, whatever its figures', () => {
    const orders = { projection: 'orders', alias: 'orders', index: 'orders_v1', docs: 1, storeBytes: 1, indexedTotal: 1, searchableAsOf: null };
    const frozen = [{ projection: 'orders', index: 'orders_v1', difference: 'removed channel' }];
    expect(evaluateIndexes([orders], frozen)).toEqual({
      status: 'failing',
      reasons: ['projection orders is frozen: index orders_v1 has a different mapping from the declaration (removed channel); run `sluice rebuild orders`'],
    });
    expect(evaluateIndexes([{ ...orders, index: null }], frozen).reasons).toHaveLength(2);
    expect(evaluateIndexes([orders], [])).toEqual({ status: 'ok', reasons: [] });
  });

  it('freshness: p99 over the limit degrades; idle (no p99) is ok', () => {
    const f = { p50Ms: 1, p99Ms: 6_000, maxMs: 10_000, observations: 3, windowMs: 60_000, source: 's', budget: [] };
    expect(evaluateFreshness(f, t).status).toBe('degraded');
    expect(evaluateFreshness({ ...f, p99Ms: null }, t).status).toBe('ok');
  });

  it('dead letters: more than tolerated degrades', () => {
    expect(evaluateDeadLetters({ topic: 'sluice.dlq', exists: true, count: 1 }, t).status).toBe('degraded');
    expect(evaluateDeadLetters({ topic: 'sluice.dlq', exists: false, count: 0 }, t).status).toBe('ok');
  });
});
