// Recovery without a human: a connector that an outage left UNASSIGNED or FAILED (after a Kafka restart, a
// single Connect worker can keep the connector UNASSIGNED while showing its task RUNNING, and capture nothing
// more) is restarted by the ops service once it has stayed stuck for a while, with a growing pause between
// attempts. PAUSED is an operator's decision and never touched; an unregistered connector needs `sluice up
// connect`. The decision is pure; superviseConnector wraps the connector probe with it.
import type { Logger } from '../../lib/logger.js';
import type { ConnectorFigures, ConnectorRecovery } from './model.js';

export interface RecoveryPolicy {
  /** How long a connector stays stuck before the first restart (Connect's own rebalance gets this long). */
  stuckForMs: number;
  /** Pause before the next attempt while it stays stuck; doubles per attempt up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
}

export interface RecoveryState {
  stuckSince?: number;
  restarts: number;
  lastRestartAt?: number;
  lastReason?: string;
  lastError?: string;
  backoffMs: number;
}

const STUCK = new Set(['UNASSIGNED', 'FAILED']);

/** Why the connector needs a restart, or undefined when it runs (or is paused, or not there at all). */
export function stuckReason(c: ConnectorFigures): string | undefined {
  if (!c.found || c.state === 'PAUSED') return undefined;
  if (STUCK.has(c.state)) return `connector ${c.state}`;
  const task = c.tasks.find((t) => STUCK.has(t.state));
  if (task) return `task ${task.id} ${task.state}${task.trace ? `: ${task.trace}` : ''}`;
  if (c.state === 'RUNNING' && c.tasks.length === 0) return 'connector RUNNING without a task';
  return undefined;
}

export const initialRecovery = (policy: RecoveryPolicy): RecoveryState => ({ restarts: 0, backoffMs: policy.backoffMs });

/** The next state, and the reason to restart now (if it is time). */
export function decideRecovery(state: RecoveryState, figures: ConnectorFigures, now: number, policy: RecoveryPolicy): { state: RecoveryState; restart?: string } {
  const reason = stuckReason(figures);
  if (reason === undefined) {
    const { stuckSince: _, ...rest } = state;
    return { state: { ...rest, backoffMs: policy.backoffMs } };
  }
  const stuckSince = state.stuckSince ?? now;
  const dueAt = state.lastRestartAt !== undefined && state.lastRestartAt >= stuckSince ? state.lastRestartAt + state.backoffMs : stuckSince + policy.stuckForMs;
  if (now < dueAt) return { state: { ...state, stuckSince } };
  const backoffMs = state.lastRestartAt !== undefined && state.lastRestartAt >= stuckSince ? Math.min(state.backoffMs * 2, policy.maxBackoffMs) : policy.backoffMs;
  return { state: { ...state, stuckSince, restarts: state.restarts + 1, lastRestartAt: now, lastReason: reason, backoffMs }, restart: reason };
}

/** What the report shows: what was done and, while stuck, when the next attempt comes. */
export function recoveryFigures(state: RecoveryState, now: number, policy: RecoveryPolicy): ConnectorRecovery {
  const stuck = state.stuckSince !== undefined;
  const retried = state.lastRestartAt !== undefined && stuck && state.lastRestartAt >= (state.stuckSince as number);
  const nextAt = !stuck ? undefined : retried ? (state.lastRestartAt as number) + state.backoffMs : (state.stuckSince as number) + policy.stuckForMs;
  return {
    restarts: state.restarts,
    ...(state.lastRestartAt !== undefined ? { lastRestartAt: new Date(state.lastRestartAt).toISOString() } : {}),
    ...(state.lastReason !== undefined ? { lastReason: state.lastReason } : {}),
    ...(state.lastError !== undefined ? { lastError: state.lastError } : {}),
    ...(stuck ? { stuckForMs: now - (state.stuckSince as number) } : {}),
    ...(nextAt !== undefined ? { nextAttemptInMs: Math.max(0, nextAt - now) } : {}),
  };
}

export interface SupervisorOptions {
  probe: () => Promise<ConnectorFigures>;
  restart: () => Promise<void>;
  policy: RecoveryPolicy;
  logger: Logger;
  now?: () => number;
}

/** The connector probe, restarting the connector when the policy says so; its figures carry the recovery. */
export function superviseConnector({ probe, restart, policy, logger, now = Date.now }: SupervisorOptions): () => Promise<ConnectorFigures> {
  let state = initialRecovery(policy);
  return async () => {
    const figures = await probe();
    const decided = decideRecovery(state, figures, now(), policy);
    state = decided.state;
    if (decided.restart !== undefined) {
      logger.warn({ connector: figures.name, reason: decided.restart, attempt: state.restarts }, 'restarting the connector');
      try {
        await restart();
        const { lastError: _, ...rest } = state;
        state = rest;
      } catch (error) {
        state = { ...state, lastError: (error as Error).message };
        logger.error({ err: error, connector: figures.name }, 'connector restart failed');
      }
    }
    return { ...figures, recovery: recoveryFigures(state, now(), policy) };
  };
}
