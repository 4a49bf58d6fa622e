// Threshold evaluation: figures in, ok / degraded / failing out, with reasons that name the fix where one is
// known. Crossing a limit degrades a stage; crossing it `failingFactor` times over makes it fail.
import { frozenReason } from '../../../model/frozen.js';
import type { Freshness, Health, RoutingFigures } from './lagReport.js';
import type { ConnectorFigures, ConnectorRecovery, DeadLetterFigures, FrozenProjection, GroupLag, IndexFigures, SlotFigures } from './sample.js';

export interface Thresholds {
  maxSlotLagBytes: number;
  maxRetainedWalBytes: number;
  maxConsumerLag: number;
  maxDirtyBacklog: number;
  maxFreshnessP99Ms: number;
  maxDeadLetters: number;
  /** How many times over a limit a figure must be before the stage is failing rather than degraded. */
  failingFactor: number;
}

export interface Verdict {
  status: Health;
  reasons: string[];
}

const rank: Record<Health, number> = { ok: 0, degraded: 1, failing: 2 };

export const worst = (statuses: readonly Health[]): Health => statuses.reduce<Health>((a, b) => (rank[b] > rank[a] ? b : a), 'ok');

export const verdict = (findings: readonly Verdict[]): Verdict => ({
  status: worst(findings.map((f) => f.status)),
  reasons: findings.flatMap((f) => f.reasons),
});

const OK: Verdict = { status: 'ok', reasons: [] };

/** Compares one figure with its limit: fine, over it (degraded), or far over it (failing). */
export function limit(value: number | null, max: number, factor: number, describe: (value: number) => string): Verdict {
  if (value === null || value <= max) return OK;
  const status: Health = value > max * factor ? 'failing' : 'degraded';
  return { status, reasons: [describe(value)] };
}

const WAL_STATUS: Record<string, Verdict> = {
  extended: { status: 'degraded', reasons: ['slot holds more WAL than max_wal_size (wal_status extended)'] },
  unreserved: { status: 'failing', reasons: ['slot is about to lose WAL (wal_status unreserved): bring Debezium back now'] },
  lost: { status: 'failing', reasons: ['slot lost required WAL (wal_status lost): create a new slot and re-snapshot or rebuild'] },
};

export function evaluateSlot(s: SlotFigures, t: Thresholds): Verdict {
  if (!s.exists) return { status: 'failing', reasons: [`replication slot ${s.slotName} does not exist: start the connector to create it (then re-snapshot)`] };
  return verdict([
    WAL_STATUS[s.walStatus ?? ''] ?? OK,
    s.active ? OK : { status: 'degraded', reasons: ['no consumer attached to the slot (is Kafka Connect running?)'] },
    limit(s.lagBytes, t.maxSlotLagBytes, t.failingFactor, (v) => `${v} bytes of WAL not yet confirmed by Debezium (limit ${t.maxSlotLagBytes})`),
    limit(s.retainedWalBytes, t.maxRetainedWalBytes, t.failingFactor, (v) => `slot retains ${v} bytes of WAL (limit ${t.maxRetainedWalBytes})`),
  ]);
}

// What was done about a stuck connector and what is left for an operator.
function recoveryNote(name: string, r: ConnectorRecovery): string {
  const next = r.nextAttemptInMs !== undefined ? `; next restart in ${Math.ceil(r.nextAttemptInMs / 1000)} s` : '';
  const done = r.restarts > 0 ? `restarted automatically ${r.restarts} time(s), last at ${r.lastRestartAt ?? '?'} (${r.lastReason ?? ''})${r.lastError ? `, which failed: ${r.lastError}` : ''}` : 'not restarted yet';
  return `${done}${next}; if it stays stuck, read the task's error above and Connect's log, then \`curl -X POST '<connect>/connectors/${name}/restart?includeTasks=true'\``;
}

export function evaluateConnector(c: ConnectorFigures): Verdict {
  if (!c.found) return { status: 'failing', reasons: [`connector ${c.name} is not registered: run \`sluice up connect\``] };
  const findings: Verdict[] = [];
  if (c.state !== 'RUNNING') findings.push({ status: 'failing', reasons: [`connector is ${c.state}`] });
  if (c.tasks.length === 0) findings.push({ status: 'failing', reasons: ['connector has no task'] });
  for (const task of c.tasks.filter((x) => x.state !== 'RUNNING')) {
    const why = task.trace ? `: ${task.trace.split('\n')[0] ?? ''}` : '';
    findings.push({ status: 'failing', reasons: [`task ${task.id} is ${task.state}${why}`] });
  }
  if (findings.length > 0 && c.recovery) findings.push({ status: 'failing', reasons: [recoveryNote(c.name, c.recovery)] });
  return verdict(findings);
}

export function evaluateGroup(g: GroupLag, max: number, factor: number, what: string): Verdict {
  const findings: Verdict[] = [limit(g.lag, max, factor, (v) => `${what}: ${v} records behind (limit ${max})`)];
  if (!g.everCommitted && g.members === 0) {
    findings.push({ status: 'degraded', reasons: [`${what}: group ${g.groupId} has never committed: is the projector running?`] });
  } else if (g.members === 0 && g.lag > 0) {
    findings.push({ status: 'degraded', reasons: [`${what}: nobody consumes group ${g.groupId} (no members)`] });
  }
  const missing = g.topics.filter((x) => !x.exists).map((x) => x.topic);
  if (missing.length > 0 && missing.length === g.topics.length) {
    findings.push({ status: 'degraded', reasons: [`${what}: none of its topics exist yet`] });
  }
  return verdict(findings);
}

export function evaluateIndexes(indexes: readonly IndexFigures[], frozen: readonly FrozenProjection[] = []): Verdict {
  const missing = indexes.filter((i) => i.index === null).map((i) => i.alias);
  return verdict([
    missing.length === 0 ? OK : { status: 'degraded', reasons: [`alias ${missing.join(', ')} missing: the projector creates it at start-up`] },
    // Frozen: the projector writes none of its changes (hydrate/targets.ts), so its documents only grow staler.
    ...frozen.map((f): Verdict => ({ status: 'failing', reasons: [frozenReason(f.projection, f)] })),
  ]);
}

export const evaluateFreshness = (f: Freshness, t: Thresholds): Verdict =>
  limit(f.p99Ms, t.maxFreshnessP99Ms, t.failingFactor, (v) => `p99 commit-to-indexed ${Math.round(v)} ms (limit ${t.maxFreshnessP99Ms})`);

export const evaluateDeadLetters = (d: DeadLetterFigures, t: Thresholds): Verdict =>
  d.count > t.maxDeadLetters ? { status: 'degraded', reasons: [`${d.count} record(s) parked in ${d.topic}: inspect and re-inject`] } : OK;

/**
 * A table without before images is routed exactly but expensively: every update re-renders every document that
 * reads the table, whatever changed. Degraded, with the statement that fixes it.
 */
export function evaluateRouting(r: RoutingFigures): Verdict {
  const missing = r.tables.filter((t) => !t.beforeImages);
  if (missing.length === 0) return OK;
  return {
    status: 'degraded',
    reasons: missing.map((t) => `table ${t.table} (REPLICA IDENTITY ${t.identity.toUpperCase()}) logs no before images, so every update of it fans out to every document that reads it; fix: ${t.fix ?? '-'}`),
  };
}
