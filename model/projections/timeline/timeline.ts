// The order timeline's declaration: an event-built read model folded from `sluice.events.order` (docs/events.md),
// one document per order. Registered in model/registry.ts beside the table-built projections.
import type { EventProjection } from '../eventDeclaration.js';
import { decodeEvent } from './decode.js';
import { mergeTimeline, type OrderTimeline, type TimelineEvent } from './fold.js';
import { TIMELINE_MAPPING } from './mapping.js';

export const ORDER_TIMELINE: EventProjection<'order_timeline', OrderTimeline, TimelineEvent> = {
  kind: 'event',
  name: 'order_timeline',
  version: 1,
  sources: ['order'],
  // The group the live stage has committed under since the timeline first shipped (`sluice-projector-timeline`).
  group: 'timeline',
  mapping: TIMELINE_MAPPING,
  decode: decodeEvent,
  fold: mergeTimeline,
};
