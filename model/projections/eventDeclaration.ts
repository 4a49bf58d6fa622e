// What an event-built read model is: folded from domain event topics (the outbox's `sluice.events.<aggregate>`),
// not rendered from tables. Its declaration names the aggregates whose topics it reads, its fold (pure), its index
// mapping and its version; the projector's event stage, `sluice rebuild` and `sluice verify` read nothing else.
// Types only; model/registry.ts lists the declarations beside the table-built ones (declaration.ts).
import type { IncomingMessage } from '../change/message.js';

/** One event as the fold sees it, or why it cannot be read (dead-lettered with the reason). */
export type DecodedEvent<E> = { ok: true; id: string; event: E } | { ok: false; reason: string };

export interface EventProjection<N extends string = string, D extends { id: string } = { id: string }, E = unknown> {
  kind: 'event';
  /** Also the alias and the index prefix: documents live in `<name>_v<version>` behind the alias `<name>`. */
  name: N;
  /** Bumped whenever the mapping or the fold changes: `sluice rebuild` folds the topics again into a new index. */
  version: number;
  /** The aggregates whose event topics it folds (lib/names.ts eventTopic): `['order']` reads `sluice.events.order`. */
  sources: readonly string[];
  /**
   * Its live consumer group is `<groupPrefix>-<group>` (lib/names.ts readModelGroup). The group's committed offsets
   * are where the live stage stands, so the name never changes once deployed.
   */
  group: string;
  /** The Elasticsearch mapping of its index (`dynamic: 'strict'` recommended). */
  mapping: Readonly<Record<string, unknown>>;
  /** Pure: one message of a source topic (key, headers, value, partition, offset) as an event of document `id`. */
  decode(partition: number, message: IncomingMessage): DecodedEvent<E>;
  /**
   * Pure: the document after adding `incoming` to `existing`, or undefined when nothing changes (all already held).
   * Must depend on the set of events alone (idempotent, order-free): the live stage and a rebuild may both fold one
   * document while the alias moves, and at-least-once delivery repeats events.
   */
  fold(id: string, existing: D | undefined, incoming: readonly E[]): D | undefined;
}
