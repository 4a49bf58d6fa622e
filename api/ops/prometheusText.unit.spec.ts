import { parseHistogram } from './prometheusText.js';

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
