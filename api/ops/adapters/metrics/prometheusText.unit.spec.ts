import { routingFrom } from './metricsScrape.js';
import { parseHistogram, parseSamples } from './prometheusText.js';

const NAME = 'sluice_projector_commit_to_indexed_seconds';

describe('reading a histogram from Prometheus text', () => {
  it('sums the buckets of every projection by bound', () => {
    const text = [
      `# HELP ${NAME} Source commit to Elasticsearch acknowledgement`,
      `# TYPE ${NAME} histogram`,
      `${NAME}_bucket{le="0.5",projection="orders"} 2`,
      `${NAME}_bucket{le="+Inf",projection="orders"} 3`,
      `${NAME}_sum{projection="orders"} 4.5`,
      `${NAME}_count{projection="orders"} 3`,
      `${NAME}_bucket{projection="customers",le="0.5"} 1`,
      `${NAME}_bucket{projection="customers",le="+Inf"} 1`,
      `${NAME}_sum{projection="customers"} 0.25`,
      `${NAME}_count{projection="customers"} 1`,
      'other_metric_bucket{le="0.5"} 99',
    ].join('\n');
    expect(parseHistogram(text, NAME)).toEqual({ buckets: [{ le: 0.5, count: 3 }, { le: Infinity, count: 4 }], count: 4, sum: 4.75 });
  });

  it('reads a declared histogram without observations as empty', () => {
    expect(parseHistogram(`# TYPE ${NAME} histogram\n`, NAME)).toEqual({ buckets: [], count: 0, sum: 0 });
  });

  it('says nothing when the histogram is not exported at all', () => {
    expect(parseHistogram('up 1\n', NAME)).toBeUndefined();
  });
});

describe('reading routing figures from the projector', () => {
  const text = [
    '# TYPE sluice_projector_table_before_images gauge',
    'sluice_projector_table_before_images{table="orders",identity="full"} 1',
    'sluice_projector_table_before_images{table="products",identity="default"} 0',
    '# TYPE sluice_projector_changes_routed_total counter',
    'sluice_projector_changes_routed_total{projection="orders",table="products",outcome="skipped",reason="only-unread-columns"} 5',
    'sluice_projector_changes_routed_total{projection="products",table="products",outcome="routed",reason="read-column-changed"} 5',
    'sluice_projector_changes_routed_total{projection="orders",table="orders",outcome="routed",reason="create"} 2',
    '# TYPE sluice_projector_documents_per_change histogram',
    'sluice_projector_documents_per_change_bucket{le="1",table="orders"} 2',
    'sluice_projector_documents_per_change_bucket{le="+Inf",table="orders"} 2',
    'sluice_projector_documents_per_change_count{table="orders"} 2',
    'sluice_projector_documents_per_change_sum{table="orders"} 2',
  ].join('\n');

  it('reads labelled samples', () =>
    expect(parseSamples(text, 'sluice_projector_table_before_images').samples).toEqual([
      { labels: { table: 'orders', identity: 'full' }, value: 1 },
      { labels: { table: 'products', identity: 'default' }, value: 0 },
    ]));

  it('sums decisions per table and reads before images per table', () =>
    expect(routingFrom(text, 'u')).toEqual({
      tables: [{ table: 'orders', identity: 'full', beforeImages: true }, { table: 'products', identity: 'default', beforeImages: false }],
      decisions: [{ table: 'orders', routed: 2, skipped: 0 }, { table: 'products', routed: 5, skipped: 5 }],
      documentsPerChange: { buckets: [{ le: 1, count: 2 }, { le: Infinity, count: 2 }], count: 2, sum: 2 },
    }));

  it('says so when the endpoint is not a projector with routing metrics', () => expect(() => routingFrom('up 1\n', 'u')).toThrow(/exports no/));
});
