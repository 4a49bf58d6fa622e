// The pipeline picture: five boxes, Postgres -> Debezium -> Kafka -> projector -> Elasticsearch, each coloured
// by its stage status, with the lag figure that matters most there and the stage's throughput.
import { bytes, count, ms, rate, svg } from './format.js';

const BOXES = [
  { key: 'postgres', name: 'Postgres', stage: 'slot', lag: (s) => `${bytes(s.figures?.lagBytes)} behind`, note: (s) => `retains ${bytes(s.figures?.retainedWalBytes)} · ${s.figures?.walStatus ?? '–'}` },
  { key: 'debezium', name: 'Debezium', stage: 'connector', lag: (s) => s.figures?.state ?? 'unreachable', note: (s) => tasks(s.figures) },
  { key: 'kafka', name: 'Kafka', stage: 'kafka', lag: (s) => `${count(s.figures?.lag)} rec`, note: () => 'resolve group lag' },
  { key: 'projector', name: 'Projector', stage: 'dirty', lag: (s) => `${count(s.figures?.group.lag)} keys`, note: () => 'dirty-key backlog' },
  { key: 'elasticsearch', name: 'Elasticsearch', stage: 'elasticsearch', lag: (s) => `${count(sum(s.figures, 'docs'))} docs`, note: (s) => bytes(sum(s.figures, 'storeBytes')) },
];

function tasks(f) {
  if (!f) return 'no answer';
  const running = f.tasks.filter((t) => t.state === 'RUNNING').length;
  return `${running}/${f.tasks.length} tasks running`;
}

function sum(list, field) {
  return list ? list.reduce((a, x) => a + x[field], 0) : null;
}

export function drawPipeline(root, report) {
  root.replaceChildren();
  const defs = svg('defs');
  const head = svg('marker', { id: 'head', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' });
  head.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#656d76' }));
  defs.append(head);
  root.append(defs);
  const width = 176;
  const gap = (1000 - BOXES.length * width) / (BOXES.length - 1);
  BOXES.forEach((box, i) => {
    const stage = report.stages[box.stage];
    const x = i * (width + gap);
    const g = svg('g', { 'data-stage': box.key, 'data-status': stage.status });
    g.append(svg('rect', { class: `box ${stage.status}`, x: x + 1, y: 20, width: width - 2, height: 130, rx: 10 }));
    g.append(svg('text', { class: 'name', x: x + 12, y: 46 }, box.name));
    g.append(svg('text', { class: 'figure', x: x + 12, y: 78 }, box.lag(stage)));
    g.append(svg('text', { class: 'small', x: x + 12, y: 102 }, box.note(stage)));
    g.append(svg('text', { class: 'small throughput', x: x + 12, y: 124 }, `⇢ ${rate(stage.throughput)}`));
    g.append(svg('text', { class: 'small', x: x + 12, y: 142 }, stage.status));
    root.append(g);
    if (i > 0) root.append(svg('line', { class: 'arrow', x1: x - gap + 4, y1: 85, x2: x - 4, y2: 85 }));
  });
  const f = report.stages.freshness;
  root.append(svg('text', { class: 'small', x: 0, y: 178 }, `end to end (commit → searchable): p50 ${ms(f.figures?.p50Ms)} · p99 ${ms(f.figures?.p99Ms)} · max ≤ ${ms(f.figures?.maxMs)}`));
}
