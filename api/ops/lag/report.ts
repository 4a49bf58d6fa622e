// Turns the newest sample (plus the history before it) into the report operators read: one lag row per hop of the
// pipeline with its figures, its throughput, a status and the reasons for it. Pure.
import { baselineFor, ratePerSecond } from './history.js';
import { unfreezeCommand } from '../../../model/frozen.js';
import type { Probe } from '../probe.js';
import type { Freshness, Health, IndexReport, LagReport, RoutingFigures, LagRowReport, Throughput } from './lagReport.js';
import type { FrozenProjection, GroupLag, IndexFigures, KafkaFigures, Sample } from './sample.js';
import { histogramDelta, percentilesOf } from './percentiles.js';
import * as rules from './thresholds.js';
import type { Thresholds, Verdict } from './thresholds.js';

export interface ReportOptions {
  thresholds: Thresholds;
  freshnessWindowMs: number;
  throughputWindowMs: number;
  dirtyTopics: readonly { projection: string; topic: string }[];
  /** Where freshness comes from, shown to the operator. */
  freshnessSource: string;
}

const kafkaOf = (s: Sample): KafkaFigures | undefined => (s.kafka.state === 'ok' ? s.kafka.value : undefined);
const sumOf = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

function row<T, F>(probe: Probe<T>, failWith: Health, throughput: Throughput, view: (value: T) => { figures: F; verdict: Verdict }): LagRowReport<F> {
  if (probe.state === 'unavailable') {
    return { status: failWith, reasons: [probe.reason], throughput, figures: null, unavailable: probe.reason };
  }
  const { figures, verdict } = view(probe.value);
  return { ...verdict, throughput, figures };
}

function freshnessOf(sample: Sample, history: readonly Sample[], o: ReportOptions): Probe<Freshness> {
  if (sample.commitToIndexed.state === 'unavailable') return sample.commitToIndexed;
  const base = baselineFor(history, sample.at, o.freshnessWindowMs);
  const baseline = base?.commitToIndexed.state === 'ok' ? base.commitToIndexed.value : undefined;
  const window = histogramDelta(sample.commitToIndexed.value, baseline);
  const p = percentilesOf(window);
  const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 1000));
  const windowMs = baseline && base && window !== sample.commitToIndexed.value ? sample.at - base.at : null;
  const stagesBefore = base?.stageSeconds.state === 'ok' ? base.stageSeconds.value : [];
  const budget =
    sample.stageSeconds.state === 'ok'
      ? sample.stageSeconds.value.map(({ stage, histogram }) => {
          const q = percentilesOf(histogramDelta(histogram, stagesBefore.find((s) => s.stage === stage)?.histogram));
          return { stage, p50Ms: ms(q.p50), p99Ms: ms(q.p99), observations: q.count };
        })
      : [];
  return { state: 'ok', value: { p50Ms: ms(p.p50), p99Ms: ms(p.p99), maxMs: ms(p.max), observations: p.count, windowMs, source: o.freshnessSource, budget } };
}

function routingOf(sample: Sample, history: readonly Sample[], o: ReportOptions): Probe<RoutingFigures> {
  if (sample.routing.state === 'unavailable') return sample.routing;
  const now = sample.routing.value;
  const base = baselineFor(history, sample.at, o.freshnessWindowMs);
  const window = histogramDelta(now.documentsPerChange, base?.routing.state === 'ok' ? base.routing.value.documentsPerChange : undefined);
  const p = percentilesOf(window);
  const sum = (pick: (d: RoutingFigures['decisions'][number]) => number) => now.decisions.reduce((a, d) => a + pick(d), 0);
  return {
    state: 'ok',
    value: {
      tables: now.tables.map((t) => ({ ...t, fix: t.beforeImages ? null : `ALTER TABLE public.${t.table} REPLICA IDENTITY FULL;` })),
      decisions: now.decisions,
      routed: sum((d) => d.routed),
      skipped: sum((d) => d.skipped),
      amplification: { p50: p.p50, p99: p.p99, max: p.max, changes: p.count },
    },
  };
}

function dirtyFigures(group: GroupLag, o: ReportOptions) {
  const backlog = o.dirtyTopics.map(({ projection, topic }) => ({
    projection,
    topic,
    backlog: group.topics.find((x) => x.topic === topic)?.lag ?? 0,
  }));
  return { group, backlog };
}

export function buildReport(sample: Sample, history: readonly Sample[], o: ReportOptions): LagReport {
  const t = o.thresholds;
  const base = baselineFor(history, sample.at, o.throughputWindowMs);
  const rate = (unit: string, pick: (s: Sample) => number | undefined): Throughput => ({ value: ratePerSecond(sample, base, pick), unit });
  const slotPos = (s: Sample) => (s.slot.state === 'ok' ? s.slot.value.walPositionBytes : undefined);
  const indexed = (s: Sample) => (s.indexes.state === 'ok' ? sumOf(s.indexes.value.map((i) => i.indexedTotal)) : undefined);
  const freshness = freshnessOf(sample, history, o);
  const routing = routingOf(sample, history, o);
  const changes = (s: Sample) => (s.routing.state === 'ok' ? s.routing.value.documentsPerChange.count : undefined);
  const rows: LagReport['stages'] = {
    slot: row(sample.slot, 'failing', rate('B/s', slotPos), (v) => ({ figures: v, verdict: rules.evaluateSlot(v, t) })),
    connector: row(sample.connector, 'failing', rate('rec/s', (s) => kafkaOf(s)?.resolve.end), (v) => ({ figures: v, verdict: rules.evaluateConnector(v) })),
    kafka: row(sample.kafka, 'failing', rate('rec/s', (s) => kafkaOf(s)?.resolve.committed), (v) => ({
      figures: v.resolve,
      verdict: rules.evaluateGroup(v.resolve, t.maxConsumerLag, t.failingFactor, 'resolve'),
    })),
    dirty: row(sample.kafka, 'failing', rate('keys/s', (s) => kafkaOf(s)?.hydrate.committed), (v) => ({
      figures: dirtyFigures(v.hydrate, o),
      verdict: rules.evaluateGroup(v.hydrate, t.maxDirtyBacklog, t.failingFactor, 'hydrate'),
    })),
    events: row(sample.kafka, 'failing', rate('rec/s', (s) => kafkaOf(s) && sumOf(kafkaOf(s)!.events.map((g) => g.committed))), (v) => ({ figures: v.events, verdict: eventsVerdict(v.events, t) })),
    routing: row(routing, 'degraded', rate('changes/s', changes), (v) => ({ figures: v, verdict: rules.evaluateRouting(v) })),
    elasticsearch: row(sample.indexes, 'failing', rate('docs/s', indexed), (v) => indexesOf(v, sample.frozen)),
    freshness: row(freshness, 'degraded', { value: freshnessRate(freshness), unit: 'docs/s' }, (v) => ({ figures: v, verdict: rules.evaluateFreshness(v, t) })),
    deadLetters: row(sample.kafka, 'degraded', rate('rec/s', (s) => kafkaOf(s)?.deadLetters.count), (v) => ({
      figures: v.deadLetters,
      verdict: rules.evaluateDeadLetters(v.deadLetters, t),
    })),
  };
  const status = rules.worst(Object.values(rows).map((r) => r.status));
  return { asOf: new Date(sample.at).toISOString(), status, stages: rows };
}

/** Each event-built read model's group as the resolve group is judged; one never committed and without members is
 * not held against the pipeline, since the projector may run without event-built read models (PROJECTOR_TIMELINE=off). */
function eventsVerdict(groups: readonly GroupLag[], t: Thresholds): Verdict {
  const judged = groups.filter((g) => g.everCommitted || g.members > 0).map((g) => rules.evaluateGroup(g, t.maxConsumerLag, t.failingFactor, g.groupId));
  return rules.verdict(judged);
}

/** The indexes with the projector's frozen verdict, why and the fix; an unreachable projector is reported by the other rows. */
function indexesOf(indexes: IndexFigures[], frozenProbe: Probe<FrozenProjection[]>): { figures: IndexReport[]; verdict: Verdict } {
  const frozen = frozenProbe.state === 'ok' ? frozenProbe.value : [];
  const figures = indexes.map((i): IndexReport => {
    const f = frozen.find((x) => x.projection === i.projection);
    return { ...i, frozen: f !== undefined, freeze: f ? { index: f.index, difference: f.difference, command: unfreezeCommand(f.projection, f) } : null };
  });
  return { figures, verdict: rules.evaluateIndexes(indexes, frozen) };
}

const freshnessRate = (f: Probe<Freshness>): number | null =>
  f.state === 'ok' && f.value.windowMs ? (f.value.observations * 1000) / f.value.windowMs : null;
