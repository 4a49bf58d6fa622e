// The merge of verify, given sorted pages of expected documents and a sorted stream of indexed ones: each kind of
// difference lands in its own list, counts stay exact past the list limit, and an ids verify looks at nothing else.
import type { Doc } from '../../model/bulk/bulkPlan.js';
import { mergeSorted, type ExpectedPage, type IndexedDoc } from './merge.js';
import { createTally, withRechecked } from './report.js';

const doc = (id: string, status = 'paid'): Doc => ({ id, status });

async function* pages(...list: Array<Array<[string, Doc | undefined]>>): AsyncGenerator<ExpectedPage> {
  for (const page of list) yield { ids: page.map(([id]) => id), docs: new Map(page.filter((e): e is [string, Doc] => e[1] !== undefined)) };
}

async function* held(...docs: Doc[]): AsyncGenerator<IndexedDoc> {
  for (const d of docs) yield { id: String(d['id']), doc: d };
}

describe('verify merge', () => {
  it('finds missing, extra before, between and after the roots, and stale with the differing paths', async () => {
    const tally = createTally('orders');
    let pagesSeen = 0;
    await mergeSorted(pages([['b', doc('b')], ['d', doc('d')]], [['f', doc('f')]]), held(doc('a'), doc('b'), doc('c'), doc('d', 'shipped'), doc('g')), tally, {
      rest: true,
      onPage: () => void (pagesSeen += 1),
    });
    expect(tally.report()).toMatchObject({ checked: 3, missing: ['f'], extra: ['a', 'c', 'g'], stale: [{ id: 'd', paths: ['status'] }], counts: { missing: 1, extra: 3, stale: 1 } });
    expect(pagesSeen).toBe(2);
  });

  it('a clean index reports nothing', async () => {
    const tally = createTally('orders');
    await mergeSorted(pages([['a', doc('a')], ['b', doc('b')]]), held(doc('a'), doc('b')), tally, { rest: true });
    expect(tally.report().counts).toEqual({ missing: 0, extra: 0, stale: 0 });
  });

  it('ids mode: a listed id without a root is extra, indexed documents outside the list are not looked at', async () => {
    const tally = createTally('orders');
    await mergeSorted(pages([['b', undefined], ['c', undefined]]), held(doc('a'), doc('b'), doc('z')), tally, { rest: false });
    expect(tally.report()).toMatchObject({ checked: 2, extra: ['b'], counts: { missing: 0, extra: 1, stale: 0 } });
  });

  it('lists at most the limit but counts everything; a re-check replaces the listed verdicts only', async () => {
    const tally = createTally('orders', 2);
    await mergeSorted(pages([['a', doc('a')], ['b', doc('b')], ['c', doc('c')]]), held(), tally, { rest: true });
    const report = tally.report();
    expect(report).toMatchObject({ missing: ['a', 'b'], counts: { missing: 3 } });
    const settled = withRechecked(report, { ...report, missing: ['b'], counts: { missing: 1, extra: 0, stale: 0 } });
    expect(settled).toMatchObject({ missing: ['b'], counts: { missing: 2 } });
  });
});
